package dev.portal.shared.email;

import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.mail.SesMessageIds;
import dev.portal.shared.service.InMemoryDirectoryStore;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A HashMap-backed {@link MailStore} for unit tests; {@link #ackSlots} shows whom the hourly cap
 * was keyed on.
 */
final class InMemoryMailStore implements MailStore {
  final Map<String, Mailbox> mailboxes = new HashMap<>();
  final Set<String> inboundClaims = new HashSet<>();
  final List<MailLogEntry> log = new ArrayList<>();
  final Map<String, Long> messages = new HashMap<>();
  final Map<String, MailThread> threads = new HashMap<>();

  /** Acknowledgement slots taken, by tenant, sender and hour, as the Dynamo store keys them. */
  final Map<String, Integer> ackSlots = new HashMap<>();

  /** Outbound claims by tenant and dedupe key. */
  final Map<String, Outbound> outbound = new HashMap<>();

  record Outbound(OutboundState state, String token, Instant leaseUntil, SentMail sent) {}

  final Map<String, TicketAttachment> attachments = new HashMap<>();

  @Override
  public Registered registerMailbox(Mailbox mailbox, Optional<CompletedIdempotency> record) {
    Mailbox existing = mailboxes.putIfAbsent(Keys.normalizeEmail(mailbox.address()), mailbox);
    if (existing == null) return new Registered(mailbox, true);
    if (!existing.tenantId().equals(mailbox.tenantId()))
      throw new PortalException.Conflict("address taken");
    return new Registered(existing, false);
  }

  /**
   * Calls of {@link #mailbox}, {@link #mailboxesAt}, {@link #ticketOfMessage} and {@link
   * #senderFacts}, as {@code mailbox:<address>}, {@code mailboxesAt:<address>,...}, {@code
   * ticketOfMessage:<id>} and {@code senderFacts:<from>:<id>}: each one request in AWS.
   */
  final List<String> reads = new ArrayList<>();

  /**
   * Where {@link #senderFacts} finds staff and contacts, which this store does not hold ({@code
   * MailPipeline} sets it); while null, senderFacts of a sender fails rather than answer that
   * nobody is staff or a contact.
   */
  InMemoryDirectoryStore directory;

  @Override
  public Optional<Mailbox> mailbox(String address) {
    reads.add("mailbox:" + address);
    return Optional.ofNullable(mailboxes.get(Keys.normalizeEmail(address)));
  }

  @Override
  public Map<String, Mailbox> mailboxesAt(Collection<String> addresses) {
    reads.add("mailboxesAt:" + String.join(",", addresses));
    Map<String, Mailbox> out = new HashMap<>();
    for (String a : addresses) {
      Mailbox m = mailboxes.get(Keys.normalizeEmail(a));
      if (m != null) out.put(Keys.normalizeEmail(a), m);
    }
    return out;
  }

  @Override
  public Page<Mailbox> mailboxes(String tenantId, int limit, String cursor) {
    return new Page<>(
        mailboxes.values().stream()
            .filter(m -> m.tenantId().equals(tenantId))
            .sorted(Comparator.comparing(Mailbox::address))
            .limit(limit)
            .toList(),
        null);
  }

  @Override
  public Optional<Mailbox> firstMailbox(String tenantId) {
    return mailboxes(tenantId, 1, null).items().stream().findFirst();
  }

  final Map<String, String> domains = new HashMap<>();

  @Override
  public String claimDomain(String domain, String tenantId, String proof, Instant at) {
    return domains.computeIfAbsent(domain, d -> tenantId);
  }

  @Override
  public Optional<String> domainOwner(String domain) {
    return Optional.ofNullable(domains.get(domain));
  }

  @Override
  public boolean claimInbound(
      String tenantId,
      String hash,
      String token,
      Instant now,
      Instant leaseUntil,
      MailLogEntry received) {
    if (!inboundClaims.add(tenantId + "#" + hash)) return false;
    log(tenantId, received);
    return true;
  }

  @Override
  public boolean completeInbound(String tenantId, String hash, String token, MailLogEntry entry) {
    log(tenantId, entry);
    return true;
  }

  @Override
  public void releaseInbound(String tenantId, String hash, String token) {
    inboundClaims.remove(tenantId + "#" + hash);
  }

  /**
   * Like the table: an entry of the same id replaces the earlier one (a claim's received line, then
   * its outcome).
   */
  @Override
  public void log(String tenantId, MailLogEntry entry) {
    log.removeIf(e -> e.id().equals(entry.id()));
    log.add(entry);
  }

  @Override
  public Page<MailLogEntry> mailLog(
      String tenantId, MailOutcome outcome, int limit, String cursor) {
    return new Page<>(
        log.reversed().stream()
            .filter(e -> outcome == null || e.outcome() == outcome)
            .limit(limit)
            .toList(),
        null);
  }

  @Override
  public void rememberMessage(String tenantId, String messageId, long ticketSeq) {
    messages.putIfAbsent(tenantId + "#" + SesMessageIds.threadingKey(messageId), ticketSeq);
  }

  @Override
  public Optional<Long> ticketOfMessage(String tenantId, String messageId) {
    reads.add("ticketOfMessage:" + messageId);
    return Optional.ofNullable(
        messages.get(tenantId + "#" + SesMessageIds.threadingKey(messageId)));
  }

  @Override
  public SenderFacts senderFacts(String tenantId, String from, String messageId) {
    reads.add("senderFacts:" + from + ":" + messageId);
    if (from != null && directory == null)
      throw new IllegalStateException("senderFacts of a sender needs the directory: set it");
    return new SenderFacts(
        messageId == null
            ? Optional.empty()
            : Optional.ofNullable(
                messages.get(tenantId + "#" + SesMessageIds.threadingKey(messageId))),
        from == null
            ? Optional.empty()
            : Optional.ofNullable(mailboxes.get(Keys.normalizeEmail(from))),
        from == null ? Optional.empty() : directory.storedStaff(tenantId, from),
        from == null ? Optional.empty() : directory.storedContact(tenantId, from));
  }

  /** Calls of {@link #thread} and {@link #putThread}: each one a request in AWS. */
  int threadReads;

  int threadPuts;

  @Override
  public void putThread(String tenantId, long ticketSeq, MailThread thread) {
    threadPuts++;
    threads.put(tenantId + "#" + ticketSeq, thread);
  }

  @Override
  public Optional<MailThread> thread(String tenantId, long ticketSeq) {
    threadReads++;
    return Optional.ofNullable(threads.get(tenantId + "#" + ticketSeq));
  }

  @Override
  public boolean takeAckSlot(String tenantId, String sender, Instant now, int max) {
    String key =
        tenantId + "#" + Keys.normalizeEmail(sender) + "#" + now.truncatedTo(ChronoUnit.HOURS);
    int taken = ackSlots.getOrDefault(key, 0);
    if (taken >= max) return false;
    ackSlots.put(key, taken + 1);
    return true;
  }

  @Override
  public Optional<OutboundClaim> claimOutbound(
      String tenantId, String dedupeKey, String token, Instant now, Instant leaseUntil) {
    String k = tenantId + "#" + dedupeKey;
    Outbound o = outbound.get(k);
    if (o == null || (o.state() == OutboundState.CLAIMED && o.leaseUntil().isBefore(now))) {
      outbound.put(k, new Outbound(OutboundState.CLAIMED, token, leaseUntil, null));
      return Optional.empty();
    }
    return Optional.of(new OutboundClaim(o.state(), o.leaseUntil(), o.sent()));
  }

  @Override
  public boolean outboundSent(String tenantId, String dedupeKey, String token, SentMail sent) {
    String k = tenantId + "#" + dedupeKey;
    Outbound o = outbound.get(k);
    if (o == null || !o.token().equals(token)) return false;
    outbound.put(k, new Outbound(OutboundState.SENT, token, o.leaseUntil(), sent));
    return true;
  }

  /** Suppressed addresses by tenant and address. */
  final Map<String, Suppression> suppressed = new HashMap<>();

  @Override
  public void suppress(String tenantId, String email, Suppression suppression) {
    suppressed.put(tenantId + "#" + Keys.normalizeEmail(email), suppression);
  }

  @Override
  public Optional<Suppression> suppression(String tenantId, String email) {
    return Optional.ofNullable(suppressed.get(tenantId + "#" + Keys.normalizeEmail(email)));
  }

  @Override
  public void releaseOutbound(String tenantId, String dedupeKey, String token) {
    outbound.computeIfPresent(
        tenantId + "#" + dedupeKey, (k, o) -> o.token().equals(token) ? null : o);
  }

  /**
   * What {@code DynamoTicketStore} writes beside a ticket's items in its transaction, for the mail
   * store's part: InMemoryTicketStore hands each write here ({@code MailPipeline} connects the
   * two).
   */
  void apply(String tenantId, List<TicketStore.Also> also) {
    for (TicketStore.Also a : also) {
      if (a instanceof TicketStore.Also.OutboundDone done) {
        Outbound o = outbound.get(tenantId + "#" + done.dedupeKey());
        if (o == null || o.state() != OutboundState.SENT) throw new TicketStore.ClaimLost();
      }
      if (a instanceof TicketStore.Also.OutboundNotSent notSent) {
        Outbound o = outbound.get(tenantId + "#" + notSent.dedupeKey());
        if (o == null || !o.token().equals(notSent.token())) throw new TicketStore.ClaimLost();
      }
    }
    for (TicketStore.Also a : also) {
      switch (a) {
        case TicketStore.Also.OutboundDone done ->
            outbound.computeIfPresent(
                tenantId + "#" + done.dedupeKey(),
                (k, o) -> new Outbound(OutboundState.DONE, o.token(), o.leaseUntil(), o.sent()));
        case TicketStore.Also.SentMessage m ->
            messages.put(tenantId + "#" + SesMessageIds.threadingKey(m.messageId()), m.ticketSeq());
        case TicketStore.Also.Thread t -> threads.put(tenantId + "#" + t.ticketSeq(), t.thread());
        case TicketStore.Also.OutboundNotSent n ->
            outbound.computeIfPresent(
                tenantId + "#" + n.dedupeKey(),
                (k, o) -> new Outbound(OutboundState.DONE, o.token(), o.leaseUntil(), null));
        default -> {}
      }
    }
  }

  @Override
  public void putAttachment(String tenantId, TicketAttachment attachment) {
    attachments.put(tenantId + "#" + attachment.ticketSeq() + "#" + attachment.id(), attachment);
  }

  @Override
  public Optional<TicketAttachment> attachment(
      String tenantId, long ticketSeq, String attachmentId) {
    return Optional.ofNullable(attachments.get(tenantId + "#" + ticketSeq + "#" + attachmentId));
  }

  @Override
  public boolean startUpload(
      String tenantId,
      TicketAttachment attachment,
      String uploadedBy,
      Instant expiresAt,
      int maxPerTicket) {
    throw new UnsupportedOperationException("portal uploads are tested on moto (UploadsIT)");
  }

  @Override
  public Optional<dev.portal.shared.upload.Upload> upload(
      String tenantId, long ticketSeq, String attachmentId) {
    return attachment(tenantId, ticketSeq, attachmentId)
        .map(a -> new dev.portal.shared.upload.Upload(a, false, null, null));
  }
}
