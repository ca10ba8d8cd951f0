package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.fn.outbox.OutboxFunction;
import dev.portal.fn.projections.ProjectionsFunction;
import dev.portal.shared.config.LambdaContexts;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make replay-stream-failures}: the stream batches the outbox and projections gave up on,
 * read again from the stream and run through the same function code in this process ({@link
 * StreamReplay}). {@code scripts/replay-stream-failures.sh} finds the stack's queue, table, queues
 * and function names; the functions read their settings from the environment as in Lambda ({@code
 * TABLE_NAME}, {@code OUTBOUND_QUEUE_URL}, {@code WEBHOOK_QUEUE_URL}).
 */
public final class ReplayStreamFailures {
  private ReplayStreamFailures() {}

  public static void main(String[] args) {
    String queue = System.getenv("FAILURE_QUEUE_URL");
    String table = System.getenv("TABLE_NAME");
    String outboxName = System.getenv("OUTBOX_FUNCTION");
    String projectionsName = System.getenv("PROJECTIONS_FUNCTION");
    if (queue == null || table == null || outboxName == null || projectionsName == null) {
      System.err.println(
          "usage: FAILURE_QUEUE_URL, TABLE_NAME, OUTBOX_FUNCTION and PROJECTIONS_FUNCTION (function"
              + " names) set, with the functions' own OUTBOUND_QUEUE_URL and WEBHOOK_QUEUE_URL");
      System.exit(2);
    }
    try (ApplicationContext context = LambdaContexts.builder().start();
        SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      OutboxFunction outbox = new OutboxFunction(context);
      ProjectionsFunction projections = new ProjectionsFunction(context);
      Map<String, BiFunction<DynamodbEvent, String, StreamsEventResponse>> consumers =
          new HashMap<>();
      consumers.put(outboxName, (e, id) -> outbox.handle(e, new LocalLambdaContext(id)));
      consumers.put(projectionsName, (e, id) -> projections.handle(e, new LocalLambdaContext(id)));
      List<StreamReplay.Result> results =
          new StreamReplay(sqs, LocalMain.streamsClient(), queue, table, consumers).run();
      long left = 0;
      for (StreamReplay.Result r : results) {
        System.out.printf(
            "%s %s records=%d %s%n", r.messageId(), r.outcome(), r.records(), r.detail());
        if (r.outcome() != StreamReplay.Outcome.REPLAYED) left++;
      }
      System.out.printf(
          "%d failure records read, %d replayed and deleted, %d left on the queue%n",
          results.size(), results.size() - left, left);
      if (left > 0) System.exit(1);
    }
  }
}
