package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceLine;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Page;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.BlobLinks;
import dev.portal.shared.store.BlobStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.InvoiceStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Invoices for one-off work. Every answer that carries an invoice is built here after the access
 * check, so a presigned {@code pdfUrl} is only ever made for a caller who may see the invoice.
 */
public final class InvoiceService {
  /** How long a presigned PDF link works; the contract asks for short-lived, at most 15 minutes. */
  public static final Duration PDF_LINK_TTL = Duration.ofMinutes(10);

  public static final int MAX_PDF_BYTES = 5 * 1024 * 1024;
  private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final int NUMBER_ATTEMPTS = 5;

  private final InvoiceStore invoices;
  private final BlobLinks links;

  /** Null where PDFs are only linked to (tests that store none). */
  private final BlobStore files;

  private final String filesBucket;
  private final DirectoryStore directory;
  private final Clock clock;
  private final ZoneId defaultZone;
  static final Duration ZONE_TTL = Duration.ofMinutes(5);
  private final java.util.Map<String, KnownZone> zones =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param files null where PDFs are only linked to; {@link #attachPdf} needs it
   */
  public InvoiceService(
      InvoiceStore invoices,
      BlobLinks links,
      BlobStore files,
      String filesBucket,
      DirectoryStore directory,
      Clock clock,
      ZoneId defaultZone) {
    this.invoices = invoices;
    this.links = links;
    this.files = files;
    this.filesBucket = filesBucket;
    this.directory = directory;
    this.clock = clock;
    this.defaultZone = defaultZone;
  }

  /**
   * The object key of an invoice's PDF: tenant-scoped, so a key can never name another tenant's
   * file.
   */
  static String pdfKey(String tenantId, String invoiceId) {
    return "tenants/" + tenantId + "/invoices/" + invoiceId + ".pdf";
  }

  /**
   * An invoice as a caller sees it: the status shown (with {@code overdue} derived) and a fresh PDF
   * link or null.
   */
  public record Shown(Invoice invoice, String status, URI pdfUrl) {}

  public Shown create(Caller caller, NewInvoice request) {
    return create(caller, request, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the invoice's own
   * transaction: an invoice is money, and a retry after a lost answer must find it, never issue a
   * second one.
   */
  public Shown create(Caller caller, NewInvoice request, IdempotentResponse<Shown> answer) {
    List<FieldError> errors = new ArrayList<>();
    if (request.dueOn().isBefore(request.issuedOn()))
      errors.add(new FieldError("dueOn", "must not be before issuedOn"));
    List<InvoiceLine> lines = new ArrayList<>();
    Money total = Money.zero(request.currency());
    for (int i = 0; i < request.lines().size(); i++) {
      NewInvoice.Line l = request.lines().get(i);
      try {
        Money unit = new Money(l.unitPriceMinor(), request.currency());
        Money amount = unit.times(l.quantity());
        total = total.plus(amount);
        lines.add(new InvoiceLine(l.description(), l.quantity(), unit, amount, l.ticketId()));
      } catch (ArithmeticException e) {
        errors.add(new FieldError("lines[" + i + "]", "quantity × unitPriceMinor is too large"));
      }
    }
    if (!errors.isEmpty()) throw new PortalException.Invalid(errors);
    if (directory.client(caller.tenantId(), request.clientId()).isEmpty()) {
      throw new PortalException.Invalid("clientId", "no such client");
    }
    return issue(
        caller,
        request.clientId(),
        request.number(),
        request.issuedOn(),
        request.dueOn(),
        request.currency(),
        lines,
        total,
        null,
        answer);
  }

  /**
   * Writes an issued invoice of the lines under the given number, or a drawn {@code
   * INV-<year>-<nnnn>} (drawn again when one given by hand earlier has it), with {@code answer}'s
   * record in its transaction.
   *
   * @param usageMonth the month it is drafted from, null for an invoice typed by hand
   * @throws InvoiceStore.UsageClaimed when {@code usageMonth} is set and the client's month has its
   *     invoice already
   */
  Shown issue(
      Caller caller,
      String clientId,
      String givenNumber,
      LocalDate issuedOn,
      LocalDate dueOn,
      String currency,
      List<InvoiceLine> lines,
      Money total,
      java.time.YearMonth usageMonth,
      IdempotentResponse<Shown> answer) {
    Instant now = now();
    LocalDate today = today(caller.tenantId());
    for (int attempt = 0; ; attempt++) {
      String number =
          givenNumber != null
              ? givenNumber
              : String.format(
                  Locale.ROOT,
                  "INV-%d-%04d",
                  issuedOn.getYear(),
                  invoices.nextNumber(caller.tenantId(), issuedOn.getYear()));
      Invoice invoice =
          new Invoice(
              caller.tenantId(),
              Ids.invoiceId(),
              number,
              clientId,
              issuedOn,
              dueOn,
              InvoiceStatus.ISSUED,
              currency,
              List.copyOf(lines),
              total,
              null,
              now,
              now,
              usageMonth);
      // Shown before it is written, because the answer is written with it; a new invoice has no PDF
      // to link yet.
      Shown shown = show(invoice, today);
      try {
        invoices.create(invoice, answer.completedBy(shown));
        return shown;
      } catch (InvoiceStore.NumberTaken taken) {
        // A given number is the caller's to fix; a generated one can collide with a number given by
        // hand earlier.
        if (givenNumber != null)
          throw new PortalException.Conflict("invoice number " + number + " is taken");
        if (attempt + 1 >= NUMBER_ATTEMPTS)
          throw new PortalException.Conflict("could not draw a free invoice number");
      }
    }
  }

  public Shown get(Caller caller, String invoiceId) {
    return show(find(caller, invoiceId), today(caller.tenantId()));
  }

  /**
   * @param status null, {@code issued}, {@code overdue}, {@code paid} or {@code void}
   */
  public Page<Shown> list(
      Caller caller, String status, String clientFilter, int limit, String cursor) {
    String clientId = clientFilter;
    if (!caller.isStaff()) {
      clientId = AccessPolicy.requireClientOf(caller);
      if (clientFilter != null && !clientFilter.equals(clientId)) {
        throw new PortalException.Invalid(
            "clientId", "client roles see their own company's invoices only");
      }
    }
    LocalDate today = today(caller.tenantId());
    return invoices
        .list(caller.tenantId(), clientId, status, today, limit, cursor)
        .map(i -> show(i, today));
  }

  public Shown changeStatus(Caller caller, String invoiceId, InvoiceStatus to) {
    Invoice current = find(caller, invoiceId);
    if (!current.status().canBecome(to)) {
      throw new PortalException.Conflict(
          "a " + current.status().wire() + " invoice cannot become " + to.wire());
    }
    Invoice changed = current.withStatus(to, now());
    if (!invoices.changeStatus(changed, current.status(), to)) {
      throw new PortalException.Conflict(
          "the invoice was changed by someone else at the same moment; read it again");
    }
    return show(changed, today(caller.tenantId()));
  }

  /** Stores the PDF under the invoice's tenant-scoped key, replacing an earlier one. */
  public Shown attachPdf(Caller caller, String invoiceId, byte[] pdf) {
    if (pdf.length < PDF_MAGIC.length
        || !Arrays.equals(pdf, 0, PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
      throw new PortalException.Invalid("body", "is not a PDF (it must start with %PDF-)");
    }
    Invoice invoice = find(caller, invoiceId);
    String key = pdfKey(caller.tenantId(), invoice.id());
    if (files == null)
      throw new IllegalStateException("this service stores no files (no BlobStore)");
    files.put(filesBucket, key, pdf, "application/pdf");
    Invoice changed = invoice.withPdf(key, now());
    invoices.attachPdf(changed);
    return show(changed, today(caller.tenantId()));
  }

  private Invoice find(Caller caller, String invoiceId) {
    if (!Ids.isPlausibleId(invoiceId)) throw new PortalException.NotFound("no such invoice");
    Invoice invoice =
        invoices
            .find(caller.tenantId(), invoiceId)
            .orElseThrow(() -> new PortalException.NotFound("no such invoice"));
    if (!caller.isStaff() && !invoice.clientId().equals(caller.clientId())) {
      throw new PortalException.NotFound("no such invoice");
    }
    return invoice;
  }

  private Shown show(Invoice invoice, LocalDate today) {
    URI url =
        invoice.pdfKey() == null
            ? null
            : links.presignedGet(
                filesBucket, invoice.pdfKey(), PDF_LINK_TTL, invoice.number() + ".pdf");
    return new Shown(invoice, invoice.shownStatus(today), url);
  }

  /**
   * "Today" in the tenant's zone decides {@code overdue}. The zone is kept per container for {@link
   * #ZONE_TTL}: no route changes a tenant's zone, so reading the tenant item on every invoice read
   * would double the requests for nothing.
   */
  private LocalDate today(String tenantId) {
    Instant now = clock.instant();
    KnownZone known = zones.get(tenantId);
    if (known == null || now.isAfter(known.readAt().plus(ZONE_TTL))) {
      known = new KnownZone(directory.tenant(tenantId).map(t -> t.zone()).orElse(defaultZone), now);
      if (zones.size() >= 10_000) zones.clear();
      zones.put(tenantId, known);
    }
    return LocalDate.ofInstant(now, known.zone());
  }

  private record KnownZone(ZoneId zone, Instant readAt) {}

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
