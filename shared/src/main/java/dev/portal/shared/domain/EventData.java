package dev.portal.shared.domain;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} of each kind of timeline event, built in one place: the API shows it as written
 * (openapi.yaml, an event's {@code data}) and the stream projections read it back, so the keys and
 * which of them are optional are decided here once. An optional value that is null is left out.
 */
public final class EventData {
  private EventData() {}

  /** {@code created}: what the ticket was opened with. */
  public static Map<String, Object> created(Ticket ticket) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("subject", ticket.subject());
    data.put("priority", ticket.priority().wire());
    data.put("channel", ticket.channel().wire());
    return data;
  }

  /** {@code comment} written in the portal. */
  public static Map<String, Object> comment(String body) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("body", body);
    return data;
  }

  /** {@code comment} that came by mail, with the mail's Message-ID when it had one. */
  public static Map<String, Object> mailComment(String body, String messageId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("body", body);
    data.put("channel", Channel.EMAIL.wire());
    if (messageId != null) data.put("messageId", messageId);
    return data;
  }

  /** {@code status_changed}. */
  public static Map<String, Object> statusChanged(TicketStatus from, TicketStatus to) {
    return fromTo(from.wire(), to.wire());
  }

  /** {@code priority_changed}. */
  public static Map<String, Object> priorityChanged(Priority from, Priority to) {
    return fromTo(from.wire(), to.wire());
  }

  private static Map<String, Object> fromTo(String from, String to) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", from);
    data.put("to", to);
    return data;
  }

  /**
   * {@code assigned}: where the ticket is now and, for a move, where it was; every part optional.
   */
  public static Map<String, Object> assigned(
      String assigneeId,
      String groupId,
      String previousAssigneeId,
      String previousGroupId,
      String note) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (assigneeId != null) data.put("assigneeId", assigneeId);
    if (groupId != null) data.put("groupId", groupId);
    if (previousAssigneeId != null) data.put("previousAssigneeId", previousAssigneeId);
    if (previousGroupId != null) data.put("previousGroupId", previousGroupId);
    if (note != null) data.put("note", note);
    return data;
  }

  /** {@code rated}. */
  public static Map<String, Object> rated(int score, String comment) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("score", score);
    if (comment != null) data.put("comment", comment);
    return data;
  }

  /**
   * {@code time_logged}; the group is the ticket's queue when the minutes were logged (the report
   * by group counts them there).
   */
  public static Map<String, Object> timeLogged(
      String entryId,
      int minutes,
      boolean billable,
      String note,
      String contractId,
      YearMonth month,
      String groupId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("entryId", entryId);
    data.put("minutes", minutes);
    data.put("billable", billable);
    if (note != null) data.put("note", note);
    if (contractId != null) data.put("contractId", contractId);
    data.put("month", month.toString());
    if (groupId != null) data.put("groupId", groupId);
    return data;
  }

  /** {@code attachment_added}, from the portal or from a mail. */
  public static Map<String, Object> attachmentAdded(
      String attachmentId, String filename, String mimeType, long size, boolean inline) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("attachmentId", attachmentId);
    data.put("filename", filename);
    if (mimeType != null) data.put("mimeType", mimeType);
    data.put("size", size);
    data.put("inline", inline);
    return data;
  }

  /** {@code email_sent}: which mail went out, as SES accepted it. */
  /** {@code watcher_added} and {@code watcher_removed}: whose copy changed. */
  public static Map<String, Object> watcher(String email) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("email", email);
    return data;
  }

  public static Map<String, Object> emailSent(
      String kind, String messageId, String sesMessageId, String from, String to, String subject) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", kind);
    data.put("messageId", messageId);
    if (sesMessageId != null) data.put("sesMessageId", sesMessageId);
    data.put("from", from);
    data.put("to", to);
    data.put("subject", subject);
    return data;
  }

  /**
   * {@code sla_warning}, {@code sla_breached}: which clock reached its point, and when it is due.
   */
  public static Map<String, Object> slaPoint(String clock, java.time.Instant dueAt) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("clock", clock);
    data.put("dueAt", Times.iso(dueAt));
    return data;
  }

  /** {@code email_not_sent}: the address is suppressed (SES reported a bounce or complaint). */
  public static Map<String, Object> emailSuppressed(String kind, String to, Suppression s) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", kind);
    data.put("to", to);
    data.put("reason", "suppressed");
    data.put("suppression", s.reason().wire());
    if (s.detail() != null) data.put("detail", s.detail());
    if (s.at() != null) data.put("since", Times.iso(s.at()));
    return data;
  }
}
