package dev.portal.bench.probe;

import dev.portal.shared.store.SignedS3Links;
import dev.portal.shared.store.SignedS3Objects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The warm floor: the exact AWS requests (DynamoDB, and S3, SQS, SES v2 where the function uses
 * them) one invocation of the handler made, sent again through bare clients built like the
 * functions' ones. Returns how many were refused by DynamoDB: a replayed conditional write (a
 * ticket's {@code attribute_not_exists} or {@code version = :expected}) is refused the second time,
 * which still costs the same round trip but is not the same work, and the report says so.
 */
public final class Replay implements Function<List<Object>, Integer> {
  private final DynamoDbClient db =
      DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  private OtherServices.S3 s3;
  private OtherServices.Sqs sqs;
  private OtherServices.Ses ses;
  private SignedS3Objects objects;

  /** A recorded request with the length of the body it carried (S3 PutObject; 0 for the others). */
  public record Sized(SdkRequest request, long bodyLength) {}

  @Override
  public Integer apply(List<Object> requests) {
    int refused = 0;
    for (Object item : requests) {
      if (item instanceof SignedObjectCalls.Call call) {
        signed(call);
        continue;
      }
      Sized sized = item instanceof Sized s ? s : new Sized((SdkRequest) item, 0);
      try {
        String pkg = sized.request().getClass().getPackageName();
        if (pkg.startsWith("software.amazon.awssdk.services.dynamodb.")) {
          send(sized.request());
        } else if (pkg.startsWith("software.amazon.awssdk.services.s3.")) {
          if (s3 == null) s3 = new OtherServices.S3();
          s3.send(sized.request(), sized.bodyLength());
        } else if (pkg.startsWith("software.amazon.awssdk.services.sqs.")) {
          if (sqs == null) sqs = new OtherServices.Sqs();
          sqs.send(sized.request());
        } else if (pkg.startsWith("software.amazon.awssdk.services.sesv2.")) {
          if (ses == null) ses = new OtherServices.Ses();
          ses.send(sized.request());
        } else {
          throw new IllegalArgumentException(
              "no replay for " + sized.request().getClass().getName());
        }
      } catch (AwsServiceException e) {
        refused++;
      }
    }
    return refused;
  }

  /**
   * Through the function's own signed-request client (a signer and the URL-connection client: the
   * least an S3 request can be), a GetObject drained, a PutObject of as many zero bytes.
   */
  private void signed(SignedObjectCalls.Call call) {
    if (objects == null) objects = new SignedS3Objects(new SignedS3Links());
    switch (call.operation()) {
      case "GetObject" -> {
        try (InputStream in = objects.open(call.bucket(), call.key())) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case "PutObject" ->
          objects.put(
              call.bucket(),
              call.key(),
              new byte[Math.toIntExact(call.bodyBytes())],
              "application/octet-stream");
      default -> throw new IllegalArgumentException("no replay for S3 " + call.operation());
    }
  }

  private void send(SdkRequest request) {
    switch (request) {
      case GetItemRequest r -> db.getItem(r);
      case QueryRequest r -> db.query(r);
      case PutItemRequest r -> db.putItem(r);
      case UpdateItemRequest r -> db.updateItem(r);
      case DeleteItemRequest r -> db.deleteItem(r);
      case TransactWriteItemsRequest r -> db.transactWriteItems(r);
      case TransactGetItemsRequest r -> db.transactGetItems(r);
      case BatchGetItemRequest r -> db.batchGetItem(r);
      case BatchWriteItemRequest r -> db.batchWriteItem(r);
      default ->
          throw new IllegalArgumentException("no replay for " + request.getClass().getSimpleName());
    }
  }
}
