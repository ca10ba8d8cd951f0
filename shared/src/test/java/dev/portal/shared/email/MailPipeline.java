package dev.portal.shared.email;

import dev.portal.shared.MutableClock;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.service.InMemoryDirectoryStore;
import dev.portal.shared.service.InMemoryTicketStore;
import dev.portal.shared.service.TicketService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The email channel without AWS: raw mail into a map-backed bucket, the real inbound service and
 * notifier, the outbox read from the events the ticket store wrote, and a sender that records what
 * SES would have been asked to send. One tenant, {@code acme}, with the mailbox {@link #MAILBOX}.
 */
final class MailPipeline {
  static final String TENANT = "acme";
  static final String MAILBOX = "support@acme.example";
  static final String BUCKET = "mail";

  /** One SendEmail call: the envelope as SES gets it and the raw message. */
  record Sent(String from, List<String> to, byte[] raw) {
    String text() {
      return new String(raw, StandardCharsets.US_ASCII);
    }
  }

  final InMemoryMailStore mail = new InMemoryMailStore();
  final InMemoryDirectoryStore directory = new InMemoryDirectoryStore();
  final InMemoryTicketStore tickets = new InMemoryTicketStore();
  final InMemoryBlobStore blobs = new InMemoryBlobStore();
  final List<Sent> sent = new ArrayList<>();
  private final InboundMailService inbound;
  final NotifierService notifier;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T19:00:00Z"));

  /** Set to make the next SendEmail calls fail as SES would refuse them (throttling, an outage). */
  RuntimeException sesFailure;

  private int delivered;

  MailPipeline() {
    TenantSettings acme = new TenantSettings(TENANT, "ACME", ZoneId.of("UTC"));
    tickets.addTenant(acme);
    directory.putTenant(acme);
    mail.registerMailbox(new Mailbox(MAILBOX, TENANT, clock.instant()));
    mail.directory = directory;
    TicketService ticketService = new TicketService(tickets, directory, clock);
    tickets.alsoWrites = mail::apply;
    inbound = new InboundMailService(mail, directory, tickets, ticketService, blobs, clock);
    MailSender sender =
        (from, to, raw, tenantId) -> {
          if (sesFailure != null) throw sesFailure;
          sent.add(new Sent(from, List.copyOf(to), raw.clone()));
          return "ses-" + sent.size();
        };
    notifier =
        new NotifierService(mail, tickets, ticketService, sender, clock, Duration.ofSeconds(60));
  }

  /**
   * Delivers a raw message to {@link #MAILBOX} as SES would (S3 object plus receipt notification).
   */
  List<MailLogEntry> deliver(String raw) throws IOException {
    return deliver(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  List<MailLogEntry> deliver(byte[] raw) throws IOException {
    return deliver(raw, InboundNotification.Verdicts.ALL_PASS, "");
  }

  /** Delivers a raw message with SES's verdicts and the envelope sender ({@code MAIL FROM}). */
  List<MailLogEntry> deliver(String raw, InboundNotification.Verdicts verdicts, String envelopeFrom)
      throws IOException {
    return deliver(raw.getBytes(StandardCharsets.ISO_8859_1), verdicts, envelopeFrom);
  }

  private List<MailLogEntry> deliver(
      byte[] raw, InboundNotification.Verdicts verdicts, String envelopeFrom) throws IOException {
    String key = EmailConfig.RAW_PREFIX + "m" + (++delivered);
    blobs.put(BUCKET, key, raw, "message/rfc822");
    return inbound.receive(
        new InboundNotification(
            BUCKET, key, List.of(MAILBOX), verdicts, envelopeFrom, "ses-in-" + delivered));
  }

  /**
   * Runs the notifier over every mail the timeline's events called for since the last call (what
   * the table's stream and the outbox function queue in AWS); returns everything sent so far.
   */
  List<Sent> sendQueued() {
    List<OutboundMail> batch = tickets.outbox(outboxSeen);
    outboxSeen += batch.size();
    batch.forEach(notifier::send);
    return sent;
  }

  private int outboxSeen;

  Ticket ticket(long seq) {
    return tickets.find(TENANT, seq).orElseThrow();
  }

  List<TicketEvent> events(long seq) {
    return tickets.events(TENANT, seq, false, 1000, null).page().items();
  }
}
