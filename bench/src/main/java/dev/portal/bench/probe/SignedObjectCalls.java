package dev.portal.bench.probe;

import dev.portal.shared.store.SignedS3Objects;

/**
 * Bench only, never in a function's jar: found by {@link SignedS3Objects} through probe.jar's
 * {@code META-INF/services} entry. Records the S3 objects a function reads and writes with its own
 * signed requests (billing, inbound-email: no S3 module, so {@link RecordingInterceptor} never sees
 * them), so that the warm floor replays them as it replays the SDK clients' requests.
 */
public final class SignedObjectCalls implements SignedS3Objects.Observer {
  /** What {@link Replay} sends again: the same object, the same number of body bytes. */
  public record Call(String operation, String bucket, String key, long bodyBytes) {}

  @Override
  public void succeeded(String operation, String bucket, String key, long bodyBytes) {
    if (!RecordingInterceptor.recording() || Capacity.probing()) return;
    RecordingInterceptor.record(
        operation, 0, 0, Capacity.Units.NONE, 0, 0, new Call(operation, bucket, key, bodyBytes));
  }
}
