package dev.portal.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portal.shared.domain.Times;
import dev.portal.shared.http.Json;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.MailParser;
import dev.portal.shared.mail.ParsedMail;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /local/outbox}: what the SES emulator received, oldest first, read from {@code GET
 * /_aws/ses} (served by our moto launcher, scripts/moto_launcher.py, and by LocalStack in the same
 * shape: {@code messages[]} with {@code Source}, {@code Destination.ToAddresses}, {@code RawData}).
 * Nothing is kept here: the emulator is the only record. Each raw message is read with the same
 * MailParser the inbound path uses.
 */
public final class LocalOutbox {
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SentMail(
      String messageId,
      String from,
      List<String> to,
      String subject,
      Map<String, String> headers,
      String text,
      String sentAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Outbox(List<SentMail> items) {}

  private final URI dataUrl;
  private final Json json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param emulatorEndpoint moto's base URL, e.g. {@code http://127.0.0.1:4566}
   */
  public LocalOutbox(String emulatorEndpoint, Json json) {
    this.dataUrl = URI.create(emulatorEndpoint.replaceAll("/+$", "") + "/_aws/ses");
    this.json = json;
  }

  public List<SentMail> read() {
    byte[] body;
    try {
      HttpResponse<byte[]> res =
          http.send(
              HttpRequest.newBuilder(dataUrl).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() != 200)
        throw new IOException("moto answered " + res.statusCode() + " for " + dataUrl);
      body = res.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    JsonNode root = json.parse(body);
    JsonNode raws = root.get("messages");
    List<SentMail> out = new ArrayList<>();
    if (raws == null || !raws.isArray()) return out;
    for (JsonNode m : raws.values()) {
      JsonNode rawData = m.get("RawData");
      if (rawData == null || rawData.isNull())
        continue; // a formatted (not raw) message: we send none
      String raw = rawData.getStringValue();
      LinkedHashSet<String> to = new LinkedHashSet<>();
      JsonNode dest = m.get("Destination");
      JsonNode d = dest == null ? null : dest.get("ToAddresses");
      if (d != null && d.isArray()) for (JsonNode x : d.values()) to.add(bare(x.getStringValue()));
      ParsedMail p;
      try {
        p =
            new MailParser()
                .parse(
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
                    AttachmentSink.DISCARD);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String from = m.get("Source") == null ? null : bare(m.get("Source").getStringValue());
      out.add(
          new SentMail(
              p.messageId(),
              from,
              List.copyOf(to),
              p.subject(),
              new TreeMap<>(p.headers()),
              p.text(),
              p.date() == null ? null : Times.iso(p.date())));
    }
    return out;
  }

  private static String bare(String address) {
    if (address == null) return null;
    int lt = address.lastIndexOf('<');
    int gt = address.lastIndexOf('>');
    return lt >= 0 && gt > lt ? address.substring(lt + 1, gt) : address.trim();
  }
}
