package dev.portal.shared.service;

import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.store.DirectoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's settings as this container last read them, for at most {@link #LIFETIME}: the routes
 * that need them beside their own work (a ticket's status or priority change, an outbound mail) pay
 * one GetItem per tenant and minute instead of one per request. A change made through another
 * container shows here within the lifetime; the ticket itself keeps the due times it was given, so
 * a stale reading moves no clock backwards.
 */
public final class TenantSettingsCache {
  public static final Duration LIFETIME = Duration.ofSeconds(60);

  /** A container may serve many tenants; beyond this the cache starts again rather than grow. */
  static final int MAX_TENANTS = 10_000;

  private record Entry(TenantSettings settings, Instant readAt) {}

  private final DirectoryStore directory;
  private final ZoneId defaultZone;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public TenantSettingsCache(DirectoryStore directory, ZoneId defaultZone, Clock clock) {
    this.directory = directory;
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  /** The tenant's settings; a tenant never onboarded has the defaults. */
  public TenantSettings get(String tenantId) {
    Instant now = clock.instant();
    Entry e = entries.get(tenantId);
    if (e != null && now.isBefore(e.readAt().plus(LIFETIME)) && !now.isBefore(e.readAt()))
      return e.settings();
    TenantSettings s =
        directory.tenant(tenantId).orElseGet(() -> TenantSettings.defaults(tenantId, defaultZone));
    remember(s);
    return s;
  }

  /**
   * Settings this container has just written or read elsewhere, so its next requests see them at
   * once.
   */
  public void remember(TenantSettings settings) {
    if (entries.size() >= MAX_TENANTS) entries.clear();
    entries.put(settings.tenantId(), new Entry(settings, clock.instant()));
  }

  public ZoneId defaultZone() {
    return defaultZone;
  }
}
