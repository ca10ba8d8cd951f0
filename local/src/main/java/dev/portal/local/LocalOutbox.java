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
 * {@code GET /local/outbox}: what the SES emulator (moto) received, oldest first, read from moto's model dump
 * ({@code /moto-api/data.json}, {@code ses.RawMessage}: id, source, destinations, raw_data, in send order). Nothing is
 * kept here: moto is the only record. Each raw message is read with the same MailParser the inbound path uses.
 */
public final class LocalOutbox {
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SentMail(String messageId, String from, List<String> to, String subject, Map<String, String> headers,
      String text, String sentAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Outbox(List<SentMail> items) {}

  private final URI dataUrl;
  private final Json json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param emulatorEndpoint moto's base URL, e.g. {@code http://127.0.0.1:4566} */
  public LocalOutbox(String emulatorEndpoint, Json json) {
    this.dataUrl = URI.create(emulatorEndpoint.replaceAll("/+$", "") + "/moto-api/data.json");
    this.json = json;
  }

  public List<SentMail> read() {
    byte[] body;
    try {
      HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(dataUrl).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() != 200) throw new IOException("moto answered " + res.statusCode() + " for " + dataUrl);
      body = res.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    JsonNode root = json.parse(body);
    JsonNode ses = root.get("ses");
    JsonNode raws = ses == null ? null : ses.get("RawMessage");
    List<SentMail> out = new ArrayList<>();
    if (raws == null || !raws.isArray()) return out;
    for (JsonNode m : raws.values()) {
      String raw = m.get("raw_data") == null ? "" : m.get("raw_data").getStringValue();
      LinkedHashSet<String> to = new LinkedHashSet<>();
      JsonNode d = m.get("destinations");
      if (d != null && d.isArray()) for (JsonNode x : d.values()) to.add(bare(x.getStringValue()));
      ParsedMail p;
      try {
        p = new MailParser().parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), AttachmentSink.DISCARD);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String from = m.get("source") == null ? null : bare(m.get("source").getStringValue());
      out.add(new SentMail(p.messageId(), from, List.copyOf(to), p.subject(), new TreeMap<>(p.headers()), p.text(),
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
