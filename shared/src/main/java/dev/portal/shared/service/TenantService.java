package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.TenantSettingsChange;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.DirectoryStore;

/** Reading and changing the caller's tenant's settings (GET and PATCH /v1/tenant). */
public final class TenantService {
  private final DirectoryStore directory;
  private final TenantSettingsCache cache;

  public TenantService(DirectoryStore directory, TenantSettingsCache cache) {
    this.directory = directory;
    this.cache = cache;
  }

  /**
   * One GetItem, never cached: the answer must show a change the moment it was made, whichever
   * container made it.
   */
  public TenantSettings get(Caller caller) {
    return directory
        .tenant(caller.tenantId())
        .orElseGet(() -> TenantSettings.defaults(caller.tenantId(), cache.defaultZone()));
  }

  /**
   * One UpdateItem; the settings after it. An empty change is refused: it would be a GET that
   * writes.
   */
  public TenantSettings update(Caller caller, TenantSettingsChange change) {
    if (change.isEmpty()) throw new PortalException.Invalid("body", "names no setting to change");
    TenantSettings updated = directory.updateTenant(caller.tenantId(), change, cache.defaultZone());
    cache.remember(updated);
    return updated;
  }
}
