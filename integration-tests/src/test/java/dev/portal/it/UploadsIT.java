package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Files attached from the portal, against moto's S3: the browser's PUT through the presigned link,
 * the confirmation that looks at what arrived, the one {@code attachment_added} event, and the
 * download link that gives back the same bytes under a safe name and type.
 */
class UploadsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final S3Client S3 =
      S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();

  private final Fixtures f = new Fixtures();
  private final String ticket = f.ticket(f.alice, "Printer shows an error");

  @AfterAll
  static void close() {
    S3.close();
  }

  private Backend.Res start(Who who, String ref, String json) {
    return Req.from("ticket-actions-upload.json")
        .as(who)
        .path("/v1/tickets/" + ref + "/attachments")
        .body(json)
        .send(f.api.ticketActions);
  }

  private Backend.Res start(Who who, String name, String type, long size, boolean internal) {
    Backend.Res r =
        start(
            who,
            ticket,
            "{\"fileName\":"
                + quoted(name)
                + ",\"contentType\":\""
                + type
                + "\",\"size\":"
                + size
                + (internal ? ",\"internal\":true" : "")
                + "}");
    assertEquals(201, r.status(), r::describe);
    return r;
  }

  private Backend.Res complete(Who who, String ref, String id) {
    return Req.from("ticket-actions-upload.json")
        .as(who)
        .path("/v1/tickets/" + ref + "/attachments/" + id + "/complete")
        .body(null)
        .send(f.api.ticketActions);
  }

  private Backend.Res link(Who who, String id) {
    return Req.from("ticket-status-get.json")
        .as(who)
        .path("/v1/tickets/" + ticket + "/attachments/" + id)
        .send(f.api.ticketStatus);
  }

  /** The browser's upload: the bytes to the presigned URL with the headers it was given. */
  private static int put(Backend.Res started, byte[] bytes) throws Exception {
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(started.str("uploadUrl")))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    JsonNode headers = started.json().get("uploadHeaders");
    for (var h : headers.entries()) put.header(h.getKey(), h.getValue().getStringValue());
    return HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private List<JsonNode> attachmentEvents(Who who) {
    Backend.Res events = f.events(who, ticket);
    assertEquals(200, events.status(), events::describe);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : events.items().values()) {
      if (e.get("type").getStringValue().equals("attachment_added")) out.add(e);
    }
    return out;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  @Test
  void aClientUploadsConfirmsAndDownloadsTheSameBytesOnce() throws Exception {
    byte[] png = bytes(70_000);
    Backend.Res started = start(f.alice, "error dialog.png", "image/png", png.length, false);
    String id = started.str("id");
    assertEquals(
        "image/png", started.json().get("uploadHeaders").get("Content-Type").getStringValue());
    URI upload = URI.create(started.str("uploadUrl"));
    assertTrue(
        upload.getPath().matches(".*/uploads/" + f.tenant + "/[0-9]+/" + id),
        () -> "an unconfirmed upload sits where the lifecycle rule expires it: " + upload);
    assertTrue(
        upload.getRawQuery().contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"),
        upload::toString);
    assertTrue(upload.getRawQuery().contains("X-Amz-Expires=600"), upload::toString);
    assertEquals(404, link(f.alice, id).status(), "no link before the upload is confirmed");
    assertTrue(attachmentEvents(f.alice).isEmpty());

    assertEquals(200, put(started, png));
    Backend.Res done = complete(f.alice, ticket, id);
    assertEquals(200, done.status(), done::describe);
    assertEquals("error dialog.png", done.str("fileName"));
    assertEquals(png.length, done.json().get("size").getLongValue());
    Backend.Res again = complete(f.alice, ticket, id);
    assertEquals(200, again.status(), again::describe);
    assertEquals(
        done.str("eventId"), again.str("eventId"), "a second confirmation answers the same");
    String pendingKey = upload.getPath().replaceFirst("^/" + Backend.FILES_BUCKET + "/", "");
    String keptKey = pendingKey.replaceFirst("^uploads/", "attachments/");
    assertArrayEquals(
        png,
        S3.getObjectAsBytes(g -> g.bucket(Backend.FILES_BUCKET).key(keptKey)).asByteArray(),
        "the confirmed file is kept under attachments/, which no lifecycle rule expires");
    assertTrue(
        S3.listObjectsV2(l -> l.bucket(Backend.FILES_BUCKET).prefix(pendingKey))
            .contents()
            .isEmpty(),
        "the pending copy is gone once the attachment is recorded");

    List<JsonNode> events = attachmentEvents(f.alice);
    assertEquals(1, events.size(), "one attachment_added for the file");
    JsonNode data = events.getFirst().get("data");
    assertEquals(done.str("eventId"), events.getFirst().get("id").getStringValue());
    assertEquals(id, data.get("attachmentId").getStringValue());
    assertEquals("error dialog.png", data.get("filename").getStringValue());
    assertEquals("image/png", data.get("mimeType").getStringValue());
    assertEquals(png.length, data.get("size").getLongValue());
    assertEquals(
        "alice@globex.example", events.getFirst().get("actor").get("email").getStringValue());
    assertEquals(1, attachmentEvents(f.agent).size());

    Backend.Res link = link(f.bob, id);
    assertEquals(302, link.status(), link::describe);
    HttpResponse<byte[]> file =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link.headers().get("location"))).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertArrayEquals(png, file.body());
    assertEquals("image/png", file.headers().firstValue("content-type").orElse(null));
    assertEquals(
        "attachment; filename=\"error dialog.png\"; filename*=UTF-8''error%20dialog.png",
        file.headers().firstValue("content-disposition").orElse(null));
  }

  @Test
  void aHostileNameIsStoredSanitisedAndNeverReachesTheKey() throws Exception {
    String hostile = "../../etc/\u202epasswd\r\nX-Evil: 1\".html";
    Backend.Res started = start(f.alice, hostile, "text/html", 12, false);
    assertFalse(started.str("uploadUrl").contains("passwd"), started.str("uploadUrl"));
    assertFalse(started.str("uploadUrl").contains(".."), started.str("uploadUrl"));
    assertEquals(200, put(started, "<script>x()<".getBytes(StandardCharsets.US_ASCII)));
    Backend.Res done = complete(f.alice, ticket, started.str("id"));
    assertEquals(200, done.status(), done::describe);
    assertEquals("_.._etc_passwd  X-Evil: 1\".html", done.str("fileName"));

    HttpResponse<byte[]> file =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(link(f.alice, started.str("id")).headers().get("location")))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertEquals(
        "application/octet-stream",
        file.headers().firstValue("content-type").orElse(null),
        "an uploaded page is never served as one");
    String disposition = file.headers().firstValue("content-disposition").orElse("");
    assertTrue(
        disposition.startsWith(
            "attachment; filename=\"_.._etc_passwd  X-Evil: 1_.html\"; filename*=UTF-8''"),
        disposition);
    assertTrue(file.headers().firstValue("x-evil").isEmpty());
  }

  @Test
  void anUploadNeverConfirmedLeavesItsObjectOnlyUnderTheExpiringPrefix() throws Exception {
    byte[] log = bytes(300);
    Backend.Res started = start(f.alice, "abandoned.txt", "text/plain", log.length, false);
    assertEquals(200, put(started, log));
    String key =
        URI.create(started.str("uploadUrl"))
            .getPath()
            .replaceFirst("^/" + Backend.FILES_BUCKET + "/", "");
    assertTrue(key.startsWith("uploads/"), key);
    assertEquals(
        List.of(key),
        S3
            .listObjectsV2(l -> l.bucket(Backend.FILES_BUCKET).prefix("uploads/" + f.tenant + "/"))
            .contents()
            .stream()
            .map(o -> o.key())
            .toList());
    assertTrue(
        S3.listObjectsV2(
                l -> l.bucket(Backend.FILES_BUCKET).prefix("attachments/" + f.tenant + "/"))
            .contents()
            .isEmpty(),
        "nothing reaches attachments/ without a confirmation");
  }

  @Test
  void confirmingBeforeTheUploadIsAConflictAndRecordsNothing() {
    Backend.Res started = start(f.alice, "log.txt", "text/plain", 10, false);
    Backend.Res early = complete(f.alice, ticket, started.str("id"));
    assertEquals(409, early.status(), early::describe);
    assertTrue(early.str("detail").contains("uploaded"), early::describe);
    assertTrue(attachmentEvents(f.agent).isEmpty());
    assertEquals(404, link(f.agent, started.str("id")).status());
  }

  /**
   * In AWS the signed Content-Length refuses another size at the PUT; the confirmation checks what
   * arrived anyway (an object written another way, or an emulator that does not check).
   */
  @Test
  void anotherSizeOrTypeThanDeclaredIsAConflictAndRecordsNothing() {
    Backend.Res sized = start(f.alice, "big.pdf", "application/pdf", 100, false);
    String key =
        URI.create(sized.str("uploadUrl"))
            .getPath()
            .replaceFirst("^/" + Backend.FILES_BUCKET + "/", "");
    S3.putObject(
        r -> r.bucket(Backend.FILES_BUCKET).key(key).contentType("application/pdf"),
        RequestBody.fromBytes(bytes(50)));
    Backend.Res r = complete(f.alice, ticket, sized.str("id"));
    assertEquals(409, r.status(), r::describe);
    assertTrue(r.str("detail").contains("50 bytes"), r::describe);

    Backend.Res typed = start(f.alice, "notes.txt", "text/plain", 20, false);
    String key2 =
        URI.create(typed.str("uploadUrl"))
            .getPath()
            .replaceFirst("^/" + Backend.FILES_BUCKET + "/", "");
    S3.putObject(
        p -> p.bucket(Backend.FILES_BUCKET).key(key2).contentType("text/html"),
        RequestBody.fromBytes(bytes(20)));
    Backend.Res t = complete(f.alice, ticket, typed.str("id"));
    assertEquals(409, t.status(), t::describe);
    assertTrue(t.str("detail").contains("text/html"), t::describe);

    assertTrue(attachmentEvents(f.agent).isEmpty());
    assertEquals(404, link(f.agent, sized.str("id")).status());
    assertEquals(404, link(f.agent, typed.str("id")).status());
  }

  @Test
  void anInternalFileIsInvisibleToTheClient() throws Exception {
    Backend.Res refused =
        start(
            f.alice,
            ticket,
            "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"size\":1,\"internal\":true}");
    assertEquals(400, refused.status(), refused::describe);

    Backend.Res started = start(f.agent, "gateway.log", "text/plain", 5, true);
    assertEquals(200, put(started, "hello".getBytes(StandardCharsets.US_ASCII)));
    String id = started.str("id");
    assertEquals(404, complete(f.alice, ticket, id).status(), "a client cannot confirm it");
    Backend.Res done = complete(f.agent, ticket, id);
    assertEquals(200, done.status(), done::describe);
    assertTrue(done.json().get("internal").getBooleanValue());

    assertTrue(attachmentEvents(f.alice).isEmpty(), "not in the client's timeline");
    assertTrue(attachmentEvents(f.bob).isEmpty(), "not in the client_admin's timeline");
    List<JsonNode> staff = attachmentEvents(f.agent);
    assertEquals(1, staff.size());
    assertFalse(staff.getFirst().get("public").getBooleanValue());
    assertEquals(404, link(f.alice, id).status());
    assertEquals(404, link(f.bob, id).status());
    assertEquals(302, link(f.agent, id).status());
  }

  @Test
  void hostileFieldsAreRefusedFieldByField() {
    // Each body and the one field its 400 must name: a client is told what to fix, not just "no".
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"size\":0}", "size");
    cases.put("{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"size\":25000001}", "size");
    cases.put(
        "{\"fileName\":\"a.png\",\"contentType\":\"image/png; charset=x\",\"size\":10}",
        "contentType");
    cases.put(
        "{\"fileName\":\"a.png\",\"contentType\":\"image\\r\\n/png\",\"size\":10}", "contentType");
    cases.put("{\"fileName\":\"\",\"contentType\":\"image/png\",\"size\":10}", "fileName");
    cases.put(
        "{\"fileName\":\"" + "a".repeat(1025) + "\",\"contentType\":\"image/png\",\"size\":10}",
        "fileName");
    cases.put(
        "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"size\":10,\"key\":\"x\"}", "key");
    cases.forEach(
        (body, field) -> {
          Backend.Res r = start(f.alice, ticket, body);
          assertEquals(400, r.status(), () -> body + " -> " + r.describe());
          List<String> fields = new ArrayList<>();
          for (JsonNode e : r.json().get("errors").values())
            fields.add(e.get("field").getStringValue());
          assertEquals(List.of(field), fields, () -> body + " -> " + r.describe());
        });
  }

  @Test
  void aTicketTakesAtMostFiftyUploads() {
    for (int i = 0; i < 50; i++) start(f.agent, "f" + i + ".txt", "text/plain", 1, false);
    Backend.Res over =
        start(
            f.agent, ticket, "{\"fileName\":\"f.txt\",\"contentType\":\"text/plain\",\"size\":1}");
    assertEquals(409, over.status(), over::describe);
  }
}
