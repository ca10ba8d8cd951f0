package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Invoices: totals, numbers, derived overdue, status changes, and PDFs through S3 (the moto
 * emulator).
 */
class InvoicesIT {
  private final Fixtures f = new Fixtures();
  private final LocalDate today = LocalDate.now(ZoneId.of("Europe/Moscow"));

  @Test
  void agentCreatesAnInvoiceWithServerComputedTotalsAndAGeneratedNumber() {
    Backend.Res r =
        f.createInvoice(f.agent, Fixtures.invoiceBody(f.globex, null, "2026-03-02", "2099-03-16"));
    assertEquals(201, r.status(), r::describe);
    assertEquals("INV-2026-0001", r.str("number"));
    assertEquals("/v1/invoices/" + r.str("id"), r.headers().get("location"));
    assertEquals("issued", r.str("status"));
    assertEquals(69000, r.json().get("total").get("amountMinor").getNumberValue().intValue());
    assertEquals("EUR", r.json().get("total").get("currency").getStringValue());
    assertEquals(
        24000,
        r.json()
            .get("lines")
            .values()
            .iterator()
            .next()
            .get("amount")
            .get("amountMinor")
            .getNumberValue()
            .intValue());
    assertTrue(r.json().get("pdfUrl").isNull());
    assertEquals(
        "INV-2026-0002",
        f.createInvoice(f.agent, Fixtures.invoiceBody(f.globex, null, "2026-03-02", "2099-03-16"))
            .str("number"));

    Backend.Res given =
        f.createInvoice(
            f.agent, Fixtures.invoiceBody(f.initech, "INV-2026-0003", "2026-03-02", "2099-03-16"));
    assertEquals(201, given.status(), given::describe);
    assertEquals(
        409,
        f.createInvoice(
                f.agent,
                Fixtures.invoiceBody(f.globex, "inv-2026-0003", "2026-03-02", "2099-03-16"))
            .status(),
        "numbers are unique per tenant, whatever the case");
    assertEquals(
        "INV-2026-0004",
        f.createInvoice(f.agent, Fixtures.invoiceBody(f.globex, null, "2026-03-02", "2099-03-16"))
            .str("number"),
        "a generated number skips one given by hand");
  }

  @Test
  void invalidInvoicesNameEveryBadField() {
    Backend.Res r =
        f.createInvoice(
            f.agent,
            "{\"clientId\":\""
                + f.globex
                + "\",\"issuedOn\":\"2026-03-10\","
                + "\"dueOn\":\"2026-03-01\",\"currency\":\"EURO\",\"lines\":[{\"description\":\"x\",\"quantity\":1.5,"
                + "\"unitPriceMinor\":-1},{\"quantity\":1,\"unitPriceMinor\":1,\"colour\":\"red\"}]}");
    assertEquals(400, r.status(), r::describe);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
    assertEquals(
        List.of(
            "currency",
            "lines[0].quantity",
            "lines[0].unitPriceMinor",
            "lines[1].description",
            "lines[1].colour"),
        fields);
    Backend.Res dates =
        f.createInvoice(
            f.agent,
            "{\"clientId\":\""
                + f.globex
                + "\",\"issuedOn\":\"2026-03-10\","
                + "\"dueOn\":\"2026-03-01\",\"currency\":\"EUR\",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unitPriceMinor\":1}]}");
    assertEquals(400, dates.status(), dates::describe);
    assertEquals(
        "dueOn",
        dates.json().get("errors").values().iterator().next().get("field").getStringValue());
  }

  @Test
  void overdueIsDerivedFromTheDueDateAndFilteringByItIsAKeyQuery() {
    String late = f.invoice(f.globex, "2020-01-01", today.minusDays(1).toString());
    String dueToday = f.invoice(f.globex, "2020-01-02", today.toString());
    String paid = f.invoice(f.globex, "2020-01-03", today.minusDays(3).toString());
    assertEquals(200, f.patchInvoice(f.agent, paid, "paid").status());
    String otherClient = f.invoice(f.initech, "2020-01-04", today.minusDays(2).toString());

    assertEquals("overdue", f.getInvoice(f.bob, late).str("status"));
    assertEquals(
        "issued", f.getInvoice(f.bob, dueToday).str("status"), "due today is not overdue yet");
    assertEquals(
        "paid", f.getInvoice(f.bob, paid).str("status"), "a paid invoice is never overdue");

    assertEquals(
        List.of(otherClient, late), AccessIT.ids(f.invoices(f.agent, "status", "overdue")));
    assertEquals(List.of(late), AccessIT.ids(f.invoices(f.bob, "status", "overdue")));
    assertEquals(List.of(dueToday), AccessIT.ids(f.invoices(f.agent, "status", "issued")));
    assertEquals(List.of(paid), AccessIT.ids(f.invoices(f.agent, "status", "paid")));
    assertEquals(
        List.of(paid, dueToday, late), AccessIT.ids(f.invoices(f.bob)), "newest issue date first");
    assertEquals(List.of(otherClient), AccessIT.ids(f.invoices(f.agent, "clientId", f.initech)));
    assertEquals(400, f.invoices(f.agent, "status", "late").status());
    assertEquals(400, f.invoices(f.bob, "clientId", f.initech).status());
  }

  @Test
  void onlyAnIssuedInvoiceIsPaidOrVoidedAndEitherIsFinal() {
    String id = f.invoice(f.globex, "2026-01-01", "2026-01-15");
    Backend.Res paid = f.patchInvoice(f.agent, id, "paid");
    assertEquals(200, paid.status(), paid::describe);
    assertEquals("paid", paid.str("status"));
    assertEquals(409, f.patchInvoice(f.agent, id, "paid").status());
    assertEquals(409, f.patchInvoice(f.agent, id, "void").status());
    String other = f.invoice(f.globex, "2026-01-01", "2026-01-15");
    assertEquals("void", f.patchInvoice(f.agent, other, "void").str("status"));
    assertEquals(409, f.patchInvoice(f.agent, other, "paid").status());
    assertEquals(400, f.patchInvoice(f.agent, other, "issued").status());
    assertEquals(400, f.patchInvoice(f.agent, other, "overdue").status());
  }

  @Test
  void aPdfPutThroughTheApiComesBackThroughAShortLivedPresignedUrl() throws Exception {
    assertNotNull(
        System.getenv("AWS_ENDPOINT_URL"),
        "run through make test: the S3 emulator (moto) is needed");
    String id = f.invoice(f.globex, "2026-01-01", "2026-01-15");
    byte[] pdf =
        ("%PDF-1.7\n" + "x".repeat(300_000) + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    Backend.Res put = f.putPdf(f.agent, id, pdf, "application/pdf");
    assertEquals(200, put.status(), put::describe);

    Backend.Res read = f.getInvoice(f.bob, id);
    String url = read.str("pdfUrl");
    assertNotNull(url, read::describe);
    assertTrue(url.contains("tenants/" + f.tenant + "/invoices/" + id + ".pdf"), url);
    Matcher expires = Pattern.compile("X-Amz-Expires=(\\d+)").matcher(url);
    assertTrue(expires.find(), url);
    assertTrue(Integer.parseInt(expires.group(1)) <= 15 * 60, "expires within 15 minutes: " + url);

    HttpResponse<byte[]> got =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertArrayEquals(pdf, got.body());

    // A replacement overwrites the same tenant-scoped object.
    byte[] second = "%PDF-1.4 second".getBytes(StandardCharsets.US_ASCII);
    assertEquals(200, f.putPdf(f.agent, id, second, "application/pdf").status());
    HttpResponse<byte[]> again =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(f.getInvoice(f.agent, id).str("pdfUrl")))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(second, again.body());
    assertTrue(
        f.getInvoice(f.ivan, id).status() == 404 && f.getInvoice(f.ivan, id).str("pdfUrl") == null,
        "another client's admin gets no link");
  }

  @Test
  void pdfUploadsAreCheckedForTypeSizeAndContent() {
    String id = f.invoice(f.globex, "2026-01-01", "2026-01-15");
    assertEquals(
        415,
        f.putPdf(f.agent, id, "%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "application/json")
            .status());
    assertEquals(
        415,
        f.putPdf(f.agent, id, "%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "image/png")
            .status());
    Backend.Res notPdf =
        f.putPdf(f.agent, id, "GIF89a".getBytes(StandardCharsets.US_ASCII), "application/pdf");
    assertEquals(400, notPdf.status(), notPdf::describe);
    byte[] big = new byte[5 * 1024 * 1024 + 1];
    System.arraycopy("%PDF-".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 5);
    assertEquals(413, f.putPdf(f.agent, id, big, "application/pdf").status());
    byte[] limit = Arrays.copyOf(big, 5 * 1024 * 1024);
    if (System.getenv("AWS_ENDPOINT_URL") != null) {
      assertEquals(
          200,
          f.putPdf(f.agent, id, limit, "application/pdf").status(),
          "exactly 5 MiB is accepted");
    }
    assertEquals(
        404,
        f.putPdf(
                f.agent,
                "inv_nosuch",
                "%PDF-1.4".getBytes(StandardCharsets.US_ASCII),
                "application/pdf")
            .status());
    JsonNode unchanged = f.getInvoice(f.agent, id).json();
    assertNotNull(unchanged.get("number"));
    assertTrue(Instant.parse(unchanged.get("updatedAt").getStringValue()).isAfter(Instant.EPOCH));
  }
}
