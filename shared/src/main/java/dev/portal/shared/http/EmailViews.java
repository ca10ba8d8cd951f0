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
  public record MailboxView(String address, String createdAt) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("address", address).field("createdAt", createdAt).end();
    }
  }

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
      Boolean senderVerified)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("messageId", messageId)
          .field("from", from)
          .field("to", to)
          .field("subject", subject)
          .field("receivedAt", receivedAt)
          .field("outcome", outcome)
          .field("reason", reason)
          .field("ticketId", ticketId)
          .field("senderVerified", senderVerified)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MailDomainChallengeView(
      String domain, String recordType, String recordName, String recordValue) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("domain", domain)
          .field("recordType", recordType)
          .field("recordName", recordName)
          .field("recordValue", recordValue)
          .end();
    }
  }

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
