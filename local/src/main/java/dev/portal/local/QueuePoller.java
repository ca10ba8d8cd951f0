package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.log.JsonLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Local mode's stand-in for Lambda's SQS event source mapping: receives batches from a queue on the
 * emulator, hands them to the function's real entry point as an {@link SQSEvent}, and deletes what
 * the function did not report as failed. Failed messages become visible again after the visibility
 * timeout, and the queue's redrive policy moves them to the dead-letter queue, as in AWS.
 */
public final class QueuePoller implements AutoCloseable {
  private final SqsClient sqs;
  private final String queueUrl;
  private final String name;
  private final BiFunction<SQSEvent, String, SQSBatchResponse> function;
  private volatile boolean running = true;
  private Thread thread;

  /**
   * @param function invoked with the batch and a request id
   */
  public QueuePoller(
      SqsClient sqs,
      String queueUrl,
      String name,
      BiFunction<SQSEvent, String, SQSBatchResponse> function) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.name = name;
    this.function = function;
  }

  public QueuePoller start() {
    thread =
        Thread.ofVirtual()
            .name("poller-" + name)
            .start(
                () -> {
                  while (running) {
                    try {
                      poll(1);
                    } catch (RuntimeException e) {
                      if (running) JsonLog.error("queue poller failed", e, "queue", name);
                      sleep();
                    }
                  }
                });
    return this;
  }

  /**
   * Processes batches until the queue answers empty; for tests and for callers that want
   * synchronous delivery.
   */
  public int drain() {
    int total = 0;
    int n;
    while ((n = poll(0)) > 0) total += n;
    return total;
  }

  /** One receive and dispatch; returns how many messages it received. */
  int poll(int waitSeconds) {
    List<Message> messages =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) return 0;
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setAttributes(
          Map.of(
              "ApproximateReceiveCount",
              m.attributes()
                  .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")));
      Map<String, SQSEvent.MessageAttribute> attributes = new java.util.HashMap<>();
      m.messageAttributes()
          .forEach(
              (k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(v.dataType());
                a.setStringValue(v.stringValue());
                attributes.put(k, a);
              });
      r.setMessageAttributes(attributes);
      r.setEventSource("aws:sqs");
      r.setEventSourceArn("arn:aws:sqs:local:000000000000:" + name);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    SQSBatchResponse response = function.apply(event, UUID.randomUUID().toString());
    Set<String> failed = new HashSet<>();
    if (response != null && response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
    }
    for (Message m : messages) {
      if (!failed.contains(m.messageId()))
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
    }
    return messages.size();
  }

  /** A second between polls that found nothing or failed; shared with {@link StreamPoller}. */
  static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) thread.interrupt();
  }
}
