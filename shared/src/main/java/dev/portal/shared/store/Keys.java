package dev.portal.shared.store;

import dev.portal.shared.mail.SesMessageIds;
import java.util.Locale;

/**
 * Every key of the single table is built here and nowhere else. Key attribute names and prefixes
 * are the constants below (the other attribute names are {@code Attrs}'s); the access patterns they
 * serve are listed in docs/data-model.md.
 *
 * <p>Every partition key starts with {@code TENANT#<tenantId>#}, so no query can reach another
 * tenant's items.
 */
public final class Keys {
  private Keys() {}

  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "expiresAt";
  public static final int GSI_COUNT = 9;

  /**
   * GSI5..GSI9 hold the ticket lists, one index per scope (tenant, client, requester, assignee,
   * group), and project only what a list shows ({@link DynamoTicketStore#LIST_ATTRIBUTES}): narrow
   * copies, one Query per page. GSI1..GSI4 (projection ALL) serve every other list.
   */
  public static final int FIRST_NARROW_GSI = 5;

  /**
   * On a timeline event that owes its requester a mail: a map of the mail's kind, the tenant and
   * the ticket's number. The stream's event filter (template.yaml, OutboxFunction) and the outbox
   * function read these names.
   */
  public static final String OUTBOX = "outbox";

  public static final String OUTBOX_KIND = "kind";
  public static final String OUTBOX_TENANT = "tenantId";
  public static final String OUTBOX_TICKET_SEQ = "ticketSeq";

  /** Optional: the recipients (a list of emails) when they are not the requester. */
  public static final String OUTBOX_TO = "to";

  public static String gsiName(int n) {
    return "GSI" + n;
  }

  public static String gsiPk(int n) {
    return "gsi" + n + "pk";
  }

  public static String gsiSk(int n) {
    return "gsi" + n + "sk";
  }

  static final String TENANT = "TENANT#";
  static final String TENANT_SK = "#TENANT";
  static final String TICKET_SK = "#TICKET";
  static final String EVENT_SK_PREFIX = "EVENT#";
  static final String CLIENT_SK = "#CLIENT";
  static final String CONTACT_SK = "#CONTACT";
  static final String DOMAIN_SK = "#DOMAIN";
  static final String IDEMPOTENCY_SK = "#IDEMPOTENCY";
  static final String MAILBOX_SK = "#MAILBOX";
  static final String MAIL_DOMAIN_SK = "#MAILDOMAIN";
  static final String MAIL_LOG_SK = "#INMAIL";
  static final String MAIL_SEEN_SK = "#SEEN";
  static final String MESSAGE_SK = "#MESSAGE";
  static final String ACK_RATE_SK = "#ACKRATE";
  static final String OUTBOUND_SK = "#OUTMAIL";
  static final String SUPPRESSED_SK = "#SUPPRESSED";

  /**
   * In the ticket's own partition, beside {@code #TICKET}: the mailbox it came through and its
   * Message-IDs.
   */
  static final String MAIL_THREAD_SK = "#MAILTHREAD";

  static final String ATTACHMENT_SK_PREFIX = "ATTACHMENT#";
  static final String CONTRACT_SK = "#CONTRACT";
  static final String ACTIVE_CONTRACT_SK = "#ACTIVE_CONTRACT";
  static final String USAGE_SK_PREFIX = "USAGE#";

  /**
   * In a client's {@code #NOCONTRACT} ledger partition: the months of its work outside any contract
   * that the client's contracts Query (GSI3) reads with the contracts.
   */
  static final String UNCONTRACTED_MONTHS_SK = "#MONTHS";

  /**
   * The GSI3 sort key of that item in the client's contracts partition: it sorts before every
   * contract's {@code <startsOn>#<ct>} (a digit), so the contracts list starts its key condition at
   * {@link #CONTRACTS_FROM} and never sees it.
   */
  static final String UNCONTRACTED_CONTRACTS_SK = "#NOCONTRACT";

  static final String CONTRACTS_FROM = "0";
  static final String ENTRY_SK_PREFIX = "ENTRY#";
  static final String INVOICE_SK = "#INVOICE";
  static final String INVOICE_NUMBER_SK = "#INVOICE_NUMBER";
  static final String COUNTER_SK = "#COUNTER";
  static final String MEMBER_PREFIX = "MEMBER#";
  public static final String STAFF_SK = "#STAFF";
  static final String GROUP_SK = "#GROUP";
  static final String NOTIFY_SK = "#NOTIFY";

  /**
   * GSI roles: which index serves which list, so the store never names an index by number inline.
   */
  static final int PUBLIC_TIMELINE = 1;

  static final int CLIENTS_BY_NAME = 1;
  static final int CLIENT_CONTACTS = 1;
  static final int TENANT_STAFF = 1;
  static final int TENANT_MAILBOXES = 1;
  static final int MAIL_LOG = 1;
  static final int MAIL_LOG_BY_OUTCOME = 2;
  static final int TENANT_CONTRACTS = 1;
  static final int CLIENT_CONTRACTS = 3;
  static final int TENANT_INVOICES = 1;
  static final int TENANT_INVOICES_BY_STATUS = 2;
  static final int CLIENT_INVOICES = 3;
  static final int CLIENT_INVOICES_BY_STATUS = 4;
  static final int TENANT_GROUPS = 1;

  /**
   * The ticket lists: one index per scope, each keyed {@link #ticketListSk} so that a status is a
   * sort-key prefix of the same partition (not a partition of its own) and a change that keeps the
   * status moves no key.
   */
  static final int TENANT_TICKETS = 5;

  static final int CLIENT_TICKETS = 6;
  static final int REQUESTER_TICKETS = 7;
  static final int ASSIGNEE_TICKETS = 8;
  static final int GROUP_TICKETS = 9;
  static final int TICKET_TIME_ENTRIES = 1;

  private static String tenant(String tenantId) {
    return TENANT + tenantId;
  }

  public static String tenantPk(String tenantId) {
    return tenant(tenantId);
  }

  /**
   * SnapStart priming reads this key, which no item has: a tenant id is never empty, so no tenant's
   * key matches.
   */
  public static String primingPk() {
    return TENANT + "#priming";
  }

  public static final String PRIMING_SK = "#PRIMING";

  public static String ticketPk(String tenantId, long seq) {
    return tenant(tenantId) + "#TICKET#" + seq;
  }

  /** Zero-padded so that string order is numeric order. */
  public static String eventSk(long seq) {
    return EVENT_SK_PREFIX + pad(seq);
  }

  public static String publicTimelinePk(String tenantId, long ticketSeq) {
    return ticketPk(tenantId, ticketSeq) + "#PUBLIC";
  }

  public static String tenantTicketsPk(String tenantId) {
    return tenant(tenantId) + "#TICKETS";
  }

  public static String clientTicketsPk(String tenantId, String clientId) {
    return clientPk(tenantId, clientId) + "#TICKETS";
  }

  /**
   * A requester's tickets are scoped to their client company, so a contact who moves company sees
   * only the new one's.
   */
  public static String requesterTicketsPk(String tenantId, String clientId, String email) {
    return clientPk(tenantId, clientId) + "#REQUESTER#" + normalizeEmail(email) + "#TICKETS";
  }

  /**
   * The tickets a staff member owns, or with {@code assigneeId} null the tickets nobody owns: every
   * ticket is in exactly one of these partitions, so "mine" and "unassigned" are each one Query.
   */
  public static String assigneeTicketsPk(String tenantId, String assigneeId) {
    return assigneeId == null
        ? tenant(tenantId) + "#UNASSIGNED#TICKETS"
        : tenant(tenantId) + "#ASSIGNEE#" + normalizeEmail(assigneeId) + "#TICKETS";
  }

  /** A queue's tickets; a ticket in no group is in none of these (sparse). */
  public static String groupTicketsPk(String tenantId, String groupId) {
    return groupPk(tenantId, groupId) + "#TICKETS";
  }

  /** A staff member's item: their id is their email, lower-cased. */
  public static String staff(String tenantId, String email) {
    return tenant(tenantId) + "#STAFF#" + normalizeEmail(email);
  }

  public static String groupPk(String tenantId, String groupId) {
    return tenant(tenantId) + "#GROUP#" + groupId;
  }

  public static String groupsPk(String tenantId) {
    return tenant(tenantId) + "#GROUPS";
  }

  public static String groupNameSk(String name, String groupId) {
    return name.toLowerCase(Locale.ROOT) + "#" + groupId;
  }

  /**
   * One person's notification choices (staff or contact, by email): its own item, so neither the
   * staff nor the contact item (each owned by its own routes) is rewritten for it, and a requester
   * who is no contact can still opt out.
   */
  public static String notificationsPk(String tenantId, String email) {
    return tenant(tenantId) + "#NOTIFY#" + normalizeEmail(email);
  }

  public static String notificationsSk() {
    return NOTIFY_SK;
  }

  public static String groupSk() {
    return GROUP_SK;
  }

  /**
   * A ticket's sort key in every list: its status's place in the workflow, then its number counted
   * down, so a forward Query reads open work first (new, in progress, waiting, resolved, closed)
   * and within a status the newest ticket first. It changes only with the status: a comment, an
   * assignment or a priority change leaves every list key where it was.
   */
  public static String ticketListSk(dev.portal.shared.domain.TicketStatus status, long seq) {
    return ticketListPrefix(status) + pad(TICKET_SEQ_CEILING - seq);
  }

  /** The sort-key prefix of one status in a ticket list: the status filter is a key condition. */
  public static String ticketListPrefix(dev.portal.shared.domain.TicketStatus status) {
    // Spelled out, not the enum's ordinal: stored keys must not move when the enum is reordered.
    return switch (status) {
          case NEW -> "1";
          case IN_PROGRESS -> "2";
          case WAITING_FOR_CLIENT -> "3";
          case RESOLVED -> "4";
          case CLOSED -> "5";
        }
        + "#";
  }

  /** Above every ticket number (12 digits, as {@link #pad}), so the count-down stays positive. */
  static final long TICKET_SEQ_CEILING = 999_999_999_999L;

  public static String clientPk(String tenantId, String clientId) {
    return tenant(tenantId) + "#CLIENT#" + clientId;
  }

  public static String clientsPk(String tenantId) {
    return tenant(tenantId) + "#CLIENTS";
  }

  public static String clientNameSk(String name, String clientId) {
    return name.toLowerCase(Locale.ROOT) + "#" + clientId;
  }

  public static String domainPk(String tenantId, String domain) {
    return tenant(tenantId) + "#DOMAIN#" + domain.toLowerCase(Locale.ROOT);
  }

  public static String contactPk(String tenantId, String email) {
    return tenant(tenantId) + "#CONTACT#" + normalizeEmail(email);
  }

  public static String clientContactsPk(String tenantId, String clientId) {
    return clientPk(tenantId, clientId) + "#CONTACTS";
  }

  /** The tenant's staff, listed through GSI1 by email. */
  public static String tenantStaffPk(String tenantId) {
    return tenant(tenantId) + "#STAFF";
  }

  /**
   * Everything a person is a member of, across tenants: one item per tenant ({@link #memberSk}).
   * The second deliberate exception to "every partition key starts with TENANT#": the
   * pre-token-generation trigger knows nothing but the signed-in user's verified email, so it must
   * find the membership without a tenant. No request path names it; only the trigger reads it, and
   * only the writes of contacts, staff and tenant onboarding put it, with the tenant of the
   * caller's token (docs/data-model.md, "Membership").
   */
  public static String memberPk(String email) {
    return MEMBER_PREFIX + normalizeEmail(email);
  }

  public static String memberSk(String tenantId) {
    return tenant(tenantId);
  }

  public static String idempotencyPk(String tenantId, String scopeHash) {
    return tenant(tenantId) + "#IDEMPOTENCY#" + scopeHash;
  }

  /**
   * The one deliberate exception to "every partition key starts with TENANT#": inbound mail arrives
   * with nothing but an envelope recipient, so the mailbox -> tenant routing item must be found
   * without knowing the tenant, and an address must be unique across tenants (one item per address
   * makes the conditional put enforce that). It holds only the address, the owning tenant and a
   * time stamp; no request path can name it, only the address of a message SES accepted, and the
   * registering admin's tenant is written into it from the token.
   */
  public static String mailboxPk(String address) {
    return "MAILBOX#" + normalizeEmail(address);
  }

  /**
   * A mail domain belongs to one tenant: global like the mailbox item, because a recipient's domain
   * leads to it.
   */
  public static String mailDomainPk(String domain) {
    return "MAILDOMAIN#" + domain.strip().toLowerCase(java.util.Locale.ROOT);
  }

  public static String tenantMailboxesPk(String tenantId) {
    return tenant(tenantId) + "#MAILBOXES";
  }

  /**
   * One mail-log entry per message that reached one of the tenant's mailboxes, duplicates included.
   */
  public static String mailLogEntryPk(String tenantId, String entryId) {
    return tenant(tenantId) + "#INMAIL#" + entryId;
  }

  public static String mailLogPk(String tenantId) {
    return tenant(tenantId) + "#INMAIL";
  }

  public static String mailLogByOutcomePk(String tenantId, String outcome) {
    return mailLogPk(tenantId) + "#OUTCOME#" + outcome;
  }

  /** Newest first when read backwards; the entry id breaks ties. */
  public static String mailLogSk(String receivedAtIso, String entryId) {
    return receivedAtIso + "#" + entryId;
  }

  /**
   * Exactly-once claim of an inbound message: {@code <hash>} is SHA-256 of its Message-ID, or of
   * its raw bytes.
   */
  public static String mailSeenPk(String tenantId, String hash) {
    return tenant(tenantId) + "#MAILSEEN#" + hash;
  }

  /**
   * Every Message-ID of a ticket, inbound and outbound, for threading by In-Reply-To/References;
   * SES's ids by their id part, so the us-east-1 and regional forms of one are one key ({@link
   * SesMessageIds#threadingKey}).
   */
  public static String messagePk(String tenantId, String messageId) {
    return tenant(tenantId) + "#MESSAGE#" + sha256Hex(SesMessageIds.threadingKey(messageId));
  }

  /** Acknowledgement counter of one sender in one hour ({@code yyyyMMddHH} UTC); TTL removes it. */
  public static String ackRatePk(String tenantId, String sender, String hour) {
    return tenant(tenantId) + "#ACKRATE#" + normalizeEmail(sender) + "#" + hour;
  }

  /** Exactly-once claim of an outbound mail, keyed on the event (or acknowledgement) it reports. */
  public static String outboundPk(String tenantId, String dedupeKey) {
    return tenant(tenantId) + "#OUTMAIL#" + dedupeKey;
  }

  public static String outboundSk() {
    return OUTBOUND_SK;
  }

  /**
   * An address the tenant's mail no longer goes to (a hard bounce or a complaint SES reported). Per
   * tenant: the tenant's own mail bounced, and the tenant's contact shows it
   * (docs/email-channel.md, "Bounces and complaints").
   */
  public static String suppressionPk(String tenantId, String email) {
    return tenant(tenantId) + "#SUPPRESSED#" + normalizeEmail(email);
  }

  public static String attachmentSk(String attachmentId) {
    return ATTACHMENT_SK_PREFIX + attachmentId;
  }

  /**
   * A watcher (CC) of the ticket, in the ticket's own partition: a Query on the prefix lists them,
   * a GetItem tells whether one person watches.
   */
  static final String WATCHER_SK_PREFIX = "WATCHER#";

  /** The ticket's count of watchers, in its own partition (the cap, kept in the same writes). */
  static final String WATCHERS_SK = "#WATCHERS";

  public static String watcherSk(String email) {
    return WATCHER_SK_PREFIX + normalizeEmail(email);
  }

  /** The ticket's count of portal uploads started, in its own partition (the per-ticket cap). */
  static final String UPLOADS_SK = "#UPLOADS";

  /**
   * Where a portal upload's bytes go in the files bucket: chosen by us from the tenant, the ticket
   * and the attachment id, never from the file's name.
   */
  public static String uploadObjectKey(String tenantId, long ticketSeq, String attachmentId) {
    return "attachments/" + tenantId + "/" + ticketSeq + "/" + attachmentId;
  }

  /**
   * Where the browser PUTs a portal upload before it is confirmed: a prefix of its own, which the
   * files bucket's lifecycle rule empties after a day, so an upload never confirmed leaves nothing
   * behind. The confirmation copies the object to {@link #uploadObjectKey}, which no rule touches.
   */
  public static String pendingUploadObjectKey(
      String tenantId, long ticketSeq, String attachmentId) {
    return PENDING_UPLOADS_PREFIX + tenantId + "/" + ticketSeq + "/" + attachmentId;
  }

  /** The files bucket's prefix of unconfirmed uploads (template.yaml's lifecycle rule names it). */
  public static final String PENDING_UPLOADS_PREFIX = "uploads/";

  // ---- Report projections, kept from the table's stream (docs/data-model.md, "Reports"). ----

  static final String METRICS_MONTH_SK_PREFIX = "MONTH#";
  static final String METRICS_DAY_SK_PREFIX = "DAY#";
  static final String METRICS_CLIENT_SK_PREFIX = "CLIENT#";
  static final String PROJECTED_SK = "#PROJECTED";

  /**
   * The tenant's support figures: one item per month ({@code MONTH#yyyy-MM}) and per day ({@code
   * DAY#yyyy-MM-dd}).
   */
  public static String metricsPk(String tenantId) {
    return tenant(tenantId) + "#METRICS";
  }

  public static String metricsMonthSk(String month) {
    return METRICS_MONTH_SK_PREFIX + month;
  }

  public static String metricsDaySk(String day) {
    return METRICS_DAY_SK_PREFIX + day;
  }

  /** One month's figures per client, so a report by client reads one partition per month. */
  public static String metricsClientsPk(String tenantId, String month) {
    return metricsPk(tenantId) + "#MONTH#" + month;
  }

  public static String metricsClientSk(String clientId) {
    return METRICS_CLIENT_SK_PREFIX + clientId;
  }

  static final String METRICS_ASSIGNEE_SK_PREFIX = "ASSIGNEE#";
  static final String METRICS_GROUP_SK_PREFIX = "GROUP#";

  /**
   * The row of figures that belong to nobody (an unassigned ticket, one in no group): neither an
   * email nor a {@code grp_} id can be this word.
   */
  public static final String METRICS_NONE = "none";

  /**
   * A staff member's figures in the month's partition beside the clients' ({@code null}: the
   * unassigned row), so a report by assignee is one Query per month on {@code begins_with}.
   */
  public static String metricsAssigneeSk(String assigneeId) {
    return METRICS_ASSIGNEE_SK_PREFIX
        + (assigneeId == null ? METRICS_NONE : normalizeEmail(assigneeId));
  }

  public static String metricsGroupSk(String groupId) {
    return METRICS_GROUP_SK_PREFIX + (groupId == null ? METRICS_NONE : groupId);
  }

  /**
   * Marks one stream change as applied to the figures, so a replayed batch adds nothing twice; TTL
   * removes it.
   */
  public static String projectedPk(String tenantId, String changeId) {
    return tenant(tenantId) + "#PROJECTED#" + changeId;
  }

  // ---- SLA schedule (docs/data-model.md, "SLA schedule"): minute buckets the sla-ticker function
  // reads. ----

  static final String SLA_DUE = "SLADUE#";
  static final String SLA_FIRED_SK_PREFIX = "SLAFIRED#";
  static final String SLA_TICKER_PK = "SLATICKER";
  static final String SLA_TICKER_SK = "#CHECKPOINT";

  /**
   * The second deliberate exception to "every partition key starts with TENANT#" (after the mailbox
   * item): the ticker asks "what falls due in this minute?" for every tenant at once, so the minute
   * is the partition. No request path can name it: only the stream projection writes it and only
   * the ticker reads it; each entry names its tenant.
   *
   * @param minute {@code yyyy-MM-ddTHH:mm} in UTC
   */
  public static String slaDuePk(String minute) {
    return SLA_DUE + minute;
  }

  /**
   * One clock point of one ticket; the due time in the key makes a moved due time a new entry,
   * never an overwrite.
   */
  public static String slaDueSk(
      String tenantId, long seq, String point, String clock, String dueAtIso) {
    return tenantId + "#" + pad(seq) + "#" + point + "#" + clock + "#" + dueAtIso;
  }

  /**
   * In the ticket's partition: the claim that a point of a clock at a due time was written once.
   */
  public static String slaFiredSk(String point, String clock, String dueAtIso) {
    return SLA_FIRED_SK_PREFIX + point + "#" + clock + "#" + dueAtIso;
  }

  /**
   * The ticker's checkpoint: the last minute it finished (one item for the whole table, like the
   * buckets).
   */
  public static String slaTickerPk() {
    return SLA_TICKER_PK;
  }

  public static String slaTickerSk() {
    return SLA_TICKER_SK;
  }

  public static String ticketSk() {
    return TICKET_SK;
  }

  public static String tenantSk() {
    return TENANT_SK;
  }

  public static String clientSk() {
    return CLIENT_SK;
  }

  /**
   * Profitability: one item per client and month ({@code CLIENT#<c>}) under the month's partition,
   * kept from the stream (time logged, invoices issued or voided), so the report of a month is one
   * Query.
   */
  public static String profitPk(String tenantId, String month) {
    return tenant(tenantId) + "#PROFIT#MONTH#" + month;
  }

  public static String profitClientSk(String clientId) {
    return METRICS_CLIENT_SK_PREFIX + clientId;
  }

  static final String COST_RATES_SK = "#COSTRATES";

  /**
   * The tenant's internal cost rates (a default and per agent), read by the projection for each
   * time entry.
   */
  public static String costRatesPk(String tenantId) {
    return tenant(tenantId) + "#COSTRATES";
  }

  /**
   * Begins every ledger entry's sort key of {@code month}: a month's work log is one Query per
   * ledger partition.
   */
  public static String entryMonthPrefix(String month) {
    return ENTRY_SK_PREFIX + month + "#";
  }

  /**
   * The tenant of a ticket's partition key ({@code TENANT#<t>#TICKET#<seq>}); tenant ids hold no
   * {@code #}.
   */
  public static String tenantOfTicketPk(String pk) {
    if (!pk.startsWith(TENANT)) throw new IllegalArgumentException("not a tenant key");
    int end = pk.indexOf("#TICKET#", TENANT.length());
    if (end < 0) throw new IllegalArgumentException("not a ticket key");
    return pk.substring(TENANT.length(), end);
  }

  /** The tenant of any tenant-scoped key ({@code TENANT#<t>#...}); tenant ids hold no {@code #}. */
  public static String tenantOfPk(String pk) {
    if (pk == null || !pk.startsWith(TENANT))
      throw new IllegalArgumentException("not a tenant key");
    int end = pk.indexOf('#', TENANT.length());
    return end < 0 ? pk.substring(TENANT.length()) : pk.substring(TENANT.length(), end);
  }

  public static String sha256Hex(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String contractPk(String tenantId, String contractId) {
    return tenant(tenantId) + "#CONTRACT#" + contractId;
  }

  /**
   * The client's pointer to its latest contract: the item whose conditional put keeps one contract
   * at a time.
   */
  public static String activeContractPk(String tenantId, String clientId) {
    return clientPk(tenantId, clientId);
  }

  public static String tenantContractsPk(String tenantId) {
    return tenant(tenantId) + "#CONTRACTS";
  }

  public static String clientContractsPk(String tenantId, String clientId) {
    return clientPk(tenantId, clientId) + "#CONTRACTS";
  }

  /** Contracts sort by start date, then id. */
  public static String contractSk(String startsOn, String contractId) {
    return startsOn + "#" + contractId;
  }

  /**
   * Where a ledger lives: the contract's partition, or for work on a ticket opened while the client
   * had no active contract, the client's {@code #NOCONTRACT} partition.
   */
  public static String ledgerPk(String tenantId, String clientId, String contractId) {
    return contractId != null
        ? contractPk(tenantId, contractId)
        : clientPk(tenantId, clientId) + "#NOCONTRACT";
  }

  /**
   * The month's aggregate of a ledger; {@code month} is {@code yyyy-MM} of the tenant's calendar.
   */
  public static String usageSk(String month) {
    return USAGE_SK_PREFIX + month;
  }

  /** One ledger entry, grouped by month and ordered by time. */
  /** The GSI1 partition of a ticket's time entries (each kept in its ledger's partition). */
  public static String ticketTimeEntriesPk(String tenantId, long ticketSeq) {
    return ticketPk(tenantId, ticketSeq) + "#TIME";
  }

  public static String entrySk(String month, String atIso, String entryId) {
    return ENTRY_SK_PREFIX + month + "#" + atIso + "#" + entryId;
  }

  /**
   * A {@code time_logged} event sorts right after the event of the ticket version it was logged at,
   * without bumping the version: time entries never contend with ticket changes.
   */
  public static String timeEventSk(long ticketVersion, String entryId) {
    return eventSk(ticketVersion) + "#TIME#" + entryId;
  }

  /**
   * Likewise for an event the system records without changing the ticket (an {@code email_sent}).
   */
  public static String sideEventSk(long ticketVersion, String sideId) {
    return eventSk(ticketVersion) + "#SIDE#" + sideId;
  }

  public static String invoicePk(String tenantId, String invoiceId) {
    return tenant(tenantId) + "#INVOICE#" + invoiceId;
  }

  /** Claims an invoice number within the tenant (conditional put). */
  public static String invoiceNumberPk(String tenantId, String number) {
    return tenant(tenantId) + "#INVOICE_NUMBER#" + number.toUpperCase(Locale.ROOT);
  }

  /**
   * Claims a client's month for the one invoice drafted from its usage (conditional put in the
   * invoice's transaction); it holds the invoice's id, so a repeat finds that invoice by two
   * GetItem.
   */
  public static String usageInvoicePk(String tenantId, String clientId, String month) {
    return clientPk(tenantId, clientId) + "#USAGE_INVOICE#" + month;
  }

  public static final String USAGE_INVOICE_SK = "#CLAIM";

  public static String invoiceCounterPk(String tenantId, int year) {
    return tenant(tenantId) + "#COUNTER#INVOICE#" + year;
  }

  public static String tenantInvoicesPk(String tenantId) {
    return tenant(tenantId) + "#INVOICES";
  }

  public static String tenantInvoicesByStatusPk(String tenantId, String status) {
    return tenantInvoicesPk(tenantId) + "#STATUS#" + status;
  }

  public static String clientInvoicesPk(String tenantId, String clientId) {
    return clientPk(tenantId, clientId) + "#INVOICES";
  }

  public static String clientInvoicesByStatusPk(String tenantId, String clientId, String status) {
    return clientInvoicesPk(tenantId, clientId) + "#STATUS#" + status;
  }

  /** Invoices sort by a date (issuedOn in the full lists, dueOn in the status lists), then id. */
  public static String invoiceSk(String date, String invoiceId) {
    return date + "#" + invoiceId;
  }

  /**
   * One item holds all of a tenant's webhooks (at most {@code WebhookService.MAX_WEBHOOKS}), read
   * with one GetItem.
   */
  public static String webhooksPk(String tenantId) {
    return tenant(tenantId) + "#WEBHOOKS";
  }

  public static final String WEBHOOKS_SK = "#WEBHOOKS";

  /**
   * A webhook's deliveries, newest last by sort key; deleting the webhook leaves them to their TTL.
   */
  public static String webhookDeliveriesPk(String tenantId, String webhookId) {
    return tenant(tenantId) + "#WEBHOOK#" + webhookId;
  }

  public static final String DELIVERY_SK_PREFIX = "DELIVERY#";

  public static String webhookDeliverySk(String createdAtIso, String deliveryId) {
    return DELIVERY_SK_PREFIX + createdAtIso + "#" + deliveryId;
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code %012d}: twelve digits, zero-padded. By hand for the non-negative numbers every ticket
   * key has (String.format parses its pattern on each call); a negative one as the format writes
   * it.
   */
  static String pad(long n) {
    if (n < 0) return String.format(Locale.ROOT, "%012d", n);
    String digits = Long.toString(n);
    return digits.length() >= 12 ? digits : "0".repeat(12 - digits.length()) + digits;
  }
}
