package dev.portal.shared.email;

import dev.portal.shared.http.Json;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** {@link OutboundQueue} on SQS: one JSON message per mail. */
public final class SqsOutboundQueue implements OutboundQueue {
  /** The message attribute that counts a mail's throttled sends across its re-queued copies. */
  public static final String THROTTLED_SENDS = "throttledSends";

  /** SQS's largest DelaySeconds. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(900);

  private final SqsClient sqs;
  private final String queueUrl;
  private final Json json;

  public SqsOutboundQueue(SqsClient sqs, String queueUrl, Json json) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.json = json;
  }

  @Override
  public void enqueue(OutboundMail mail) {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(json.write(mail)));
  }

  @Override
  public void retryLater(OutboundMail mail, int throttledSends, Duration delay) {
    int seconds = (int) Math.clamp(delay.toSeconds(), 0, MAX_DELAY.toSeconds());
    sqs.sendMessage(
        r ->
            r.queueUrl(queueUrl)
                .messageBody(json.write(mail))
                .delaySeconds(seconds)
                .messageAttributes(
                    Map.of(
                        THROTTLED_SENDS,
                        MessageAttributeValue.builder()
                            .dataType("Number")
                            .stringValue(Integer.toString(throttledSends))
                            .build())));
  }
}
