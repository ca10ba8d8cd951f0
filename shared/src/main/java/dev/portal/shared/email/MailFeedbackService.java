package dev.portal.shared.email;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.http.Json;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.MailStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bounces and complaints SES reports for our mail: a hard bounce or a complaint marks each named
 * recipient suppressed for the tenant whose mail it was ({@link SesFeedback}); the notifier then
 * sends it nothing more. A soft bounce and any other event change nothing. Repeats are harmless:
 * the latest report of an address is kept.
 */
public final class MailFeedbackService {
  private final MailStore mail;
  private final Json json;
  private final Clock clock;

  public MailFeedbackService(MailStore mail, Json json, Clock clock) {
    this.mail = mail;
    this.json = json;
    this.clock = clock;
  }

  /**
   * @return the suppression written for each recipient, or empty when the event suppresses nothing
   */
  public Optional<Suppression> record(SesFeedback.Event event) {
    Optional<Suppression> suppression =
        event
            .suppression()
            .map(
                s ->
                    s.at() != null
                        ? s
                        : new Suppression(
                            s.reason(), s.detail(), clock.instant(), s.sesMessageId()));
    for (String recipient : event.recipients()) {
      suppression.ifPresent(s -> mail.suppress(event.tenantId(), recipient, s));
      JsonLog.info(
          suppression.isPresent() ? "address suppressed" : "soft bounce: address kept",
          "tenant",
          event.tenantId(),
          "kind",
          event.kind(),
          "detail",
          event.detail(),
          "to",
          JsonLog.maskEmail(recipient),
          "sesMessageId",
          event.sesMessageId());
    }
    return suppression;
  }

  /**
   * The feedback queue's batch: each record read and recorded alone. A message that is no event of
   * ours is logged and dropped (a retry could not make it one); a failed write is reported, so the
   * queue brings the message back.
   */
  public SQSBatchResponse handle(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m :
        event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
      SesFeedback.Event feedback;
      try {
        feedback = SesFeedback.parse(json, m.getBody());
      } catch (SesFeedback.NotFeedback other) {
        JsonLog.info("mail feedback ignored: " + other.getMessage(), "requestId", m.getMessageId());
        continue;
      } catch (RuntimeException unreadable) {
        JsonLog.warn(
            "mail feedback dropped: " + unreadable.getMessage(), "requestId", m.getMessageId());
        continue;
      }
      try {
        record(feedback);
      } catch (RuntimeException e) {
        JsonLog.error("mail feedback failed: reported for retry", e, "requestId", m.getMessageId());
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(m.getMessageId())
                .build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
