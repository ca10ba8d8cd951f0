package dev.portal.shared.store;

import java.util.Locale;

/**
 * Every key of the single table is built here and nowhere else. Attribute names and prefixes are the constants below;
 * the access patterns they serve are listed in docs/data-model.md.
 *
 * <p>Every partition key starts with {@code TENANT#<tenantId>#}, so no query can reach another tenant's items.
 */
public final class Keys {
  private Keys() {}

  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "expiresAt";
  public static final int GSI_COUNT = 6;

  public static String gsiName(int n) { return "GSI" + n; }
  public static String gsiPk(int n) { return "gsi" + n + "pk"; }
  public static String gsiSk(int n) { return "gsi" + n + "sk"; }

  static final String TENANT = "TENANT#";
  static final String TENANT_SK = "#TENANT";
  static final String TICKET_SK = "#TICKET";
  static final String EVENT_SK_PREFIX = "EVENT#";
  static final String CLIENT_SK = "#CLIENT";
  static final String CONTACT_SK = "#CONTACT";
  static final String DOMAIN_SK = "#DOMAIN";
  static final String IDEMPOTENCY_SK = "#IDEMPOTENCY";

  /** GSI roles: which index serves which list, so the store never names an index by number inline. */
  static final int TENANT_TICKETS = 1;          // also: a ticket's public timeline, clients by name, a client's contacts
  static final int TENANT_TICKETS_BY_STATUS = 2;
  static final int CLIENT_TICKETS = 3;
  static final int CLIENT_TICKETS_BY_STATUS = 4;
  static final int REQUESTER_TICKETS = 5;
  static final int REQUESTER_TICKETS_BY_STATUS = 6;
  static final int PUBLIC_TIMELINE = 1;
  static final int CLIENTS_BY_NAME = 1;
  static final int CLIENT_CONTACTS = 1;

  private static String tenant(String tenantId) { return TENANT + tenantId; }

  public static String tenantPk(String tenantId) { return tenant(tenantId); }

  /** SnapStart priming reads this key, which no item has: a tenant id is never empty, so no tenant's key matches. */
  public static String primingPk() { return TENANT + "#priming"; }

  public static final String PRIMING_SK = "#PRIMING";

  public static String ticketPk(String tenantId, long seq) { return tenant(tenantId) + "#TICKET#" + seq; }

  /** Zero-padded so that string order is numeric order. */
  public static String eventSk(long seq) { return EVENT_SK_PREFIX + pad(seq); }

  public static String publicTimelinePk(String tenantId, long ticketSeq) { return ticketPk(tenantId, ticketSeq) + "#PUBLIC"; }

  public static String tenantTicketsPk(String tenantId) { return tenant(tenantId) + "#TICKETS"; }

  public static String tenantTicketsByStatusPk(String tenantId, String status) { return tenantTicketsPk(tenantId) + "#STATUS#" + status; }

  public static String clientTicketsPk(String tenantId, String clientId) { return clientPk(tenantId, clientId) + "#TICKETS"; }

  public static String clientTicketsByStatusPk(String tenantId, String clientId, String status) {
    return clientTicketsPk(tenantId, clientId) + "#STATUS#" + status;
  }

  /** A requester's tickets are scoped to their client company, so a contact who moves company sees only the new one's. */
  public static String requesterTicketsPk(String tenantId, String clientId, String email) {
    return clientPk(tenantId, clientId) + "#REQUESTER#" + normalizeEmail(email) + "#TICKETS";
  }

  public static String requesterTicketsByStatusPk(String tenantId, String clientId, String email, String status) {
    return requesterTicketsPk(tenantId, clientId, email) + "#STATUS#" + status;
  }

  /** Newest activity first when read backwards; the padded number breaks ties between equal timestamps. */
  public static String activitySk(String updatedAtIso, long seq) { return updatedAtIso + "#" + pad(seq); }

  public static String clientPk(String tenantId, String clientId) { return tenant(tenantId) + "#CLIENT#" + clientId; }

  public static String clientsPk(String tenantId) { return tenant(tenantId) + "#CLIENTS"; }

  public static String clientNameSk(String name, String clientId) { return name.toLowerCase(Locale.ROOT) + "#" + clientId; }

  public static String domainPk(String tenantId, String domain) { return tenant(tenantId) + "#DOMAIN#" + domain.toLowerCase(Locale.ROOT); }

  public static String contactPk(String tenantId, String email) { return tenant(tenantId) + "#CONTACT#" + normalizeEmail(email); }

  public static String clientContactsPk(String tenantId, String clientId) { return clientPk(tenantId, clientId) + "#CONTACTS"; }

  public static String idempotencyPk(String tenantId, String scopeHash) { return tenant(tenantId) + "#IDEMPOTENCY#" + scopeHash; }

  public static String normalizeEmail(String email) { return email.trim().toLowerCase(Locale.ROOT); }

  static String pad(long n) { return String.format(Locale.ROOT, "%012d", n); }
}
