package dev.portal.shared.domain;

/**
 * Lengths and counts the API accepts, in one place because together they bound the size of what we
 * store: a unit test builds the largest ticket, event and invoice these allow and holds it against
 * DynamoDB's 400 KB item limit. Lengths are in UTF-16 chars as Java counts them (at most 3 UTF-8
 * bytes each).
 */
public final class Caps {
  public static final int SUBJECT = 200;

  /** A ticket's description, a comment's body. */
  public static final int TEXT = 20_000;

  /** A rating's comment, a time entry's note. */
  public static final int NOTE = 2_000;

  /** Client, contract names. */
  public static final int NAME = 200;

  public static final int ID = 100;
  public static final int INVOICE_NUMBER = 40;
  public static final int INVOICE_LINES = 100;
  public static final int LINE_DESCRIPTION = 500;

  /** Email domains of one client: each is one more item in the client's creating transaction. */
  public static final int CLIENT_DOMAINS = 20;

  /**
   * Public holidays a tenant lists (a few years ahead); also what the SLA clock may skip in a row.
   */
  public static final int HOLIDAYS = 100;

  /** A tenant's acknowledgement wording. */
  public static final int ACKNOWLEDGEMENT = 2_000;

  /**
   * The display name of the tenant's outbound mail: one header, short enough to stay on its line.
   */
  public static final int SENDER_NAME = 64;

  /** A ticket number's prefix: letters and digits. */
  public static final int TICKET_PREFIX = 12;

  /**
   * Members of one group: each is one mail the notifier sends and a few keys its one BatchGetItem
   * reads (preferences, suppression, staff item: 3 x 30 = 90 of the request's 100).
   */
  public static final int GROUP_MEMBERS = 30;

  /**
   * Invoices one client's monthly statement lists (one Query page); a month with more says so
   * rather than reading on.
   */
  public static final int STATEMENT_INVOICES = 100;

  /**
   * Watchers (CCs) of one ticket: each is one more mail per public reply, and the notifier reads
   * their notification choices in the one BatchGetItem it already makes (with the requester's).
   */
  public static final int WATCHERS = 20;

  private Caps() {}
}
