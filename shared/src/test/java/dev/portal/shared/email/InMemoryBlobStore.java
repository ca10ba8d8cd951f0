package dev.portal.shared.email;

import dev.portal.shared.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of {@code bucket/key} to bytes: the raw mail the tests deliver and every object the channel
 * writes.
 */
final class InMemoryBlobStore implements BlobStore, dev.portal.shared.store.BlobLinks {
  final Map<String, byte[]> objects = new LinkedHashMap<>();

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    byte[] bytes = objects.get(bucket + "/" + key);
    if (bytes == null) throw new Missing(bucket, key);
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void put(String bucket, String key, Path file, String contentType) throws IOException {
    objects.put(bucket + "/" + key, Files.readAllBytes(file));
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    objects.put(bucket + "/" + key, bytes.clone());
  }

  @Override
  public URI presignedGet(
      String bucket, String key, Duration ttl, String filename, String contentType) {
    return URI.create("https://blobs.example/" + bucket + "/" + key);
  }

  @Override
  public URI presignedPut(
      String bucket, String key, Duration ttl, String contentType, long contentLength) {
    return URI.create("https://blobs.example/" + bucket + "/" + key + "?put");
  }

  /** Keys under a prefix of the bucket. */
  long count(String bucket, String prefix) {
    return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/" + prefix)).count();
  }
}
