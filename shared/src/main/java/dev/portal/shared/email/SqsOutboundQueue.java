package dev.portal.shared.email;

import dev.portal.shared.http.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link OutboundQueue} on SQS: one JSON message per mail. */
public final class SqsOutboundQueue implements OutboundQueue {
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
}
