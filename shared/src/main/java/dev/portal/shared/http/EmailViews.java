package dev.portal.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.Mailbox;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Wire shapes of the email channel (kept apart from {@link Views} so the ticket shapes stay
 * untouched).
 */
public final class EmailViews {
  private EmailViews() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MailboxView(String address, String createdAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MailLogView(
      String id,
      String messageId,
      String from,
      List<String> to,
      String subject,
      String receivedAt,
      String outcome,
      String reason,
      String ticketId,
      Boolean senderVerified) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MailDomainChallengeView(
      String domain, String recordType, String recordName, String recordValue) {}

  public static MailboxView mailbox(Mailbox m) {
    return new MailboxView(m.address(), Views.iso(m.createdAt()));
  }

  public static MailLogView mailLog(MailLogEntry e) {
    return new MailLogView(
        e.id(),
        e.messageId(),
        e.from(),
        e.to(),
        e.subject(),
        Views.iso(e.receivedAt()),
        e.outcome().wire(),
        e.reason(),
        e.ticketId(),
        e.senderVerified());
  }
}
