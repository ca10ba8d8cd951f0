package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ADDRESS;
import static dev.portal.shared.store.Attrs.AT;
import static dev.portal.shared.store.Attrs.BUCKET;
import static dev.portal.shared.store.Attrs.CLAIM_TOKEN;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.DETAIL;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.FILENAME;
import static dev.portal.shared.store.Attrs.FROM;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.KEY;
import static dev.portal.shared.store.Attrs.LAST_CLIENT_MESSAGE_ID;
import static dev.portal.shared.store.Attrs.LEASE_UNTIL;
import static dev.portal.shared.store.Attrs.MAILBOX;
import static dev.portal.shared.store.Attrs.MESSAGE_ID;
import static dev.portal.shared.store.Attrs.MESSAGE_IDS;
import static dev.portal.shared.store.Attrs.MIME_TYPE;
import static dev.portal.shared.store.Attrs.OUTCOME;
import static dev.portal.shared.store.Attrs.PUBLIC;
import static dev.portal.shared.store.Attrs.RAW_KEY;
import static dev.portal.shared.store.Attrs.REASON;
import static dev.portal.shared.store.Attrs.RECEIVED_AT;
import static dev.portal.shared.store.Attrs.SENDER_VERIFIED;
import static dev.portal.shared.store.Attrs.SEQ;
import static dev.portal.shared.store.Attrs.SES_MESSAGE_ID;
import static dev.portal.shared.store.Attrs.SIZE;
import static dev.portal.shared.store.Attrs.STATE;
import static dev.portal.shared.store.Attrs.SUBJECT;
import static dev.portal.shared.store.Attrs.TENANT_ID;
import static dev.portal.shared.store.Attrs.TICKET_ID;
import static dev.portal.shared.store.Attrs.TICKET_SEQ;
import static dev.portal.shared.store.Attrs.TO;
import static dev.portal.shared.store.Attrs.TOKEN;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.UPLOADED_BY;
import static dev.portal.shared.store.Attrs.flag;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;
import static dev.portal.shared.store.Tables.key;

import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.domain.Times;
import dev.portal.shared.error.PortalException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** {@link MailStore} on the single table. */
public final class DynamoMailStore implements MailStore {
  /** Inbound claims outlive any redelivery SES or SQS could make; TTL then removes them. */
  static final Duration SEEN_RETENTION = Duration.ofDays(30);

  static final Duration OUTBOUND_RETENTION = Duration.ofDays(30);
  static final String OUTBOUND_CLAIMED = "claimed";
  static final String OUTBOUND_SENT = "sent";
  static final String OUTBOUND_DONE = "done";
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;

  public DynamoMailStore(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, cursors);
  }

  @Override
  public Registered registerMailbox(Mailbox mailbox, Optional<CompletedIdempotency> record) {
    String address = Keys.normalizeEmail(mailbox.address());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.mailboxPk(address)));
    item.put(Keys.SK, s(Keys.MAILBOX_SK));
    item.put(TYPE, s("mailbox"));
    item.put(ADDRESS, s(address));
    item.put(TENANT_ID, s(mailbox.tenantId()));
    put(item, CREATED_AT, mailbox.createdAt());
    item.put(Keys.gsiPk(Keys.TENANT_MAILBOXES), s(Keys.tenantMailboxesPk(mailbox.tenantId())));
    item.put(Keys.gsiSk(Keys.TENANT_MAILBOXES), s(address));
    Registered created =
        new Registered(new Mailbox(address, mailbox.tenantId(), mailbox.createdAt()), true);
    if (record.isEmpty()) {
      try {
        db.putItem(
            r ->
                r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(
                        ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return created;
      } catch (ConditionalCheckFailedException e) {
        return registeredBefore(mailbox, e.item());
      }
    }
    Put mailboxPut =
        Put.builder()
            .tableName(table)
            .item(item)
            .conditionExpression("attribute_not_exists(pk)")
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build();
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder().put(mailboxPut).build(),
                  DynamoIdempotencyStore.completion(table, record.get(), mailbox.createdAt())));
      return created;
    } catch (TransactionCanceledException e) {
      if (DynamoIdempotencyStore.collided(e, 1, record.get().claim()))
        throw new IdempotencyCollision();
      if (!Tables.conditionFailedAt(e, 0)) throw e;
      var reason = e.cancellationReasons().get(0);
      Map<String, AttributeValue> old =
          reason.hasItem()
              ? reason.item()
              : get(Keys.mailboxPk(address), Keys.MAILBOX_SK, true).orElse(null);
      return registeredBefore(mailbox, old);
    }
  }

  /**
   * The address existed: the tenant's own mailbox comes back as it is, another tenant's is a
   * conflict.
   */
  private static Registered registeredBefore(Mailbox mailbox, Map<String, AttributeValue> old) {
    if (old != null && mailbox.tenantId().equals(str(old, TENANT_ID)))
      return new Registered(mailboxFrom(old), false);
    throw new PortalException.Conflict("the address is registered by another tenant");
  }

  @Override
  public String claimDomain(String domain, String tenantId, String proof, Instant at) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.mailDomainPk(domain)));
    item.put(Keys.SK, s(Keys.MAIL_DOMAIN_SK));
    item.put(TYPE, s("mail_domain"));
    item.put("domain", s(domain));
    item.put(TENANT_ID, s(tenantId));
    item.put("proof", s(proof));
    put(item, "claimedAt", at);
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(pk)")
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return tenantId;
    } catch (ConditionalCheckFailedException e) {
      return e.item() == null ? domainOwner(domain).orElse(tenantId) : str(e.item(), TENANT_ID);
    }
  }

  @Override
  public Optional<String> domainOwner(String domain) {
    return get(Keys.mailDomainPk(domain), Keys.MAIL_DOMAIN_SK, true).map(i -> str(i, TENANT_ID));
  }

  @Override
  public Optional<Mailbox> mailbox(String address) {
    return get(Keys.mailboxPk(address), Keys.MAILBOX_SK, true).map(DynamoMailStore::mailboxFrom);
  }

  @Override
  public Map<String, Mailbox> mailboxesAt(Collection<String> addresses) {
    // BatchGetItem refuses a key twice: two spellings of one address are one key.
    Map<String, String> byPk = new HashMap<>();
    for (String a : addresses) byPk.put(Keys.mailboxPk(a), Keys.normalizeEmail(a));
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String pk : byPk.keySet()) keys.add(key(pk, Keys.MAILBOX_SK));
    Map<String, Mailbox> out = new HashMap<>();
    for (Map<String, AttributeValue> item : tables.batchGet(keys, true))
      out.put(byPk.get(str(item, Keys.PK)), mailboxFrom(item));
    return out;
  }

  @Override
  public Page<Mailbox> mailboxes(String tenantId, int limit, String cursor) {
    String partition = Keys.tenantMailboxesPk(tenantId);
    return tables.indexPage(
        tenantId,
        Keys.TENANT_MAILBOXES,
        partition,
        true,
        limit,
        cursor,
        DynamoMailStore::mailboxFrom);
  }

  @Override
  public Optional<Mailbox> firstMailbox(String tenantId) {
    // The page's first item without the page: a LastEvaluatedKey would be sealed into a cursor.
    return tables
        .queryIndex(
            tenantId, Keys.TENANT_MAILBOXES, Keys.tenantMailboxesPk(tenantId), true, 1, null)
        .items()
        .stream()
        .findFirst()
        .map(DynamoMailStore::mailboxFrom);
  }

  private static Mailbox mailboxFrom(Map<String, AttributeValue> i) {
    return new Mailbox(str(i, ADDRESS), str(i, TENANT_ID), instant(i, CREATED_AT));
  }

  @Override
  public boolean claimInbound(
      String tenantId,
      String hash,
      String token,
      Instant now,
      Instant leaseUntil,
      MailLogEntry received) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.mailSeenPk(tenantId, hash)));
    item.put(Keys.SK, s(Keys.MAIL_SEEN_SK));
    item.put(TYPE, s("mail_seen"));
    item.put(STATE, s("processing"));
    item.put(CLAIM_TOKEN, s(token));
    item.put(LEASE_UNTIL, n(leaseUntil.getEpochSecond()));
    item.put(Keys.TTL, n(now.plus(SEEN_RETENTION).getEpochSecond()));
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(
                    Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression(
                            "attribute_not_exists(pk) OR (#state = :processing AND leaseUntil < :now)")
                        .expressionAttributeNames(Map.of("#state", STATE))
                        .expressionAttributeValues(
                            Map.of(":processing", s("processing"), ":now", n(now.getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build(),
            TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(logItem(tenantId, received)).build())
                .build());
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      // The SDK's resend of this very claim (its answer lost) finds it taken by its own token.
      if (Tables.conditionFailedAt(e, 0)) return heldBy(e, 0, token, "processing");
      throw e;
    }
  }

  /**
   * Whether the claim whose condition failed at {@code index} is in {@code state} under {@code
   * token}: the transaction was written before, by the delivery that sends it again. AWS answers
   * the SDK's resend of a committed transaction with success by its ClientRequestToken; an emulator
   * that ignores the token (moto) answers it with its own writes' failed conditions.
   */
  static boolean heldBy(TransactionCanceledException e, int index, String token, String state) {
    Map<String, AttributeValue> old = Tables.oldItemAt(e, index);
    return token.equals(str(old, CLAIM_TOKEN)) && state.equals(str(old, STATE));
  }

  /**
   * One transaction, so a processor whose lease ran out cannot overwrite the log line of the one
   * that took over (its condition fails and nothing is written); outcomes that make a ticket carry
   * the same two writes in the ticket's own.
   */
  @Override
  public boolean completeInbound(String tenantId, String hash, String token, MailLogEntry entry) {
    UpdateItemRequest u = completeInbound(table, tenantId, hash, token, entry.id());
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder()
                      .update(
                          software.amazon.awssdk.services.dynamodb.model.Update.builder()
                              .tableName(table)
                              .key(u.key())
                              .updateExpression(u.updateExpression())
                              .conditionExpression(u.conditionExpression())
                              .expressionAttributeNames(u.expressionAttributeNames())
                              .expressionAttributeValues(u.expressionAttributeValues())
                              .returnValuesOnConditionCheckFailure(
                                  u.returnValuesOnConditionCheckFailure())
                              .build())
                      .build(),
                  TransactWriteItem.builder()
                      .put(Put.builder().tableName(table).item(logItem(tenantId, entry)).build())
                      .build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0)) return heldBy(e, 0, token, "done");
      throw e;
    }
  }

  /**
   * The update that marks a claim done if {@code token} still holds it: alone, or inside a ticket's
   * transaction.
   */
  static UpdateItemRequest completeInbound(
      String table, String tenantId, String hash, String token, String logEntryId) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(Keys.mailSeenPk(tenantId, hash), Keys.MAIL_SEEN_SK))
        .updateExpression("SET #state = :done, logEntryId = :log REMOVE leaseUntil")
        .conditionExpression("#state = :processing AND claimToken = :token")
        .expressionAttributeNames(Map.of("#state", STATE))
        .expressionAttributeValues(
            Map.of(
                ":done",
                s("done"),
                ":log",
                s(logEntryId),
                ":processing",
                s("processing"),
                ":token",
                s(token)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
  }

  @Override
  public void releaseInbound(String tenantId, String hash, String token) {
    try {
      db.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(Keys.mailSeenPk(tenantId, hash), Keys.MAIL_SEEN_SK))
                  .conditionExpression("#state = :processing AND claimToken = :token")
                  .expressionAttributeNames(Map.of("#state", STATE))
                  .expressionAttributeValues(
                      Map.of(":processing", s("processing"), ":token", s(token))));
    } catch (ConditionalCheckFailedException done) {
      // completed meanwhile, or taken over: keep it
    }
  }

  @Override
  public void log(String tenantId, MailLogEntry e) {
    db.putItem(r -> r.tableName(table).item(logItem(tenantId, e)));
  }

  /**
   * A mail-log entry's item; a later outcome of the same message overwrites its {@code received}
   * entry (same id).
   */
  static Map<String, AttributeValue> logItem(String tenantId, MailLogEntry e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.mailLogEntryPk(tenantId, e.id())));
    item.put(Keys.SK, s(Keys.MAIL_LOG_SK));
    item.put(TYPE, s("mail_log"));
    item.put(ID, s(e.id()));
    put(item, MESSAGE_ID, e.messageId());
    put(item, FROM, e.from());
    item.put(TO, Attrs.ss(e.to() == null ? List.of() : e.to()));
    put(item, SUBJECT, e.subject());
    put(item, RECEIVED_AT, e.receivedAt());
    item.put(OUTCOME, s(e.outcome().wire()));
    put(item, REASON, e.reason());
    put(item, TICKET_ID, e.ticketId());
    put(item, RAW_KEY, e.rawKey());
    if (e.senderVerified() != null) item.put(SENDER_VERIFIED, Attrs.bool(e.senderVerified()));
    String sk = Keys.mailLogSk(Times.iso(e.receivedAt()), e.id());
    item.put(Keys.gsiPk(Keys.MAIL_LOG), s(Keys.mailLogPk(tenantId)));
    item.put(Keys.gsiSk(Keys.MAIL_LOG), s(sk));
    item.put(
        Keys.gsiPk(Keys.MAIL_LOG_BY_OUTCOME),
        s(Keys.mailLogByOutcomePk(tenantId, e.outcome().wire())));
    item.put(Keys.gsiSk(Keys.MAIL_LOG_BY_OUTCOME), s(sk));
    return item;
  }

  @Override
  public Page<MailLogEntry> mailLog(
      String tenantId, MailOutcome outcome, int limit, String cursor) {
    int index = outcome == null ? Keys.MAIL_LOG : Keys.MAIL_LOG_BY_OUTCOME;
    String partition =
        outcome == null
            ? Keys.mailLogPk(tenantId)
            : Keys.mailLogByOutcomePk(tenantId, outcome.wire());
    return tables.indexPage(
        tenantId, index, partition, false, limit, cursor, DynamoMailStore::entryFrom);
  }

  private static MailLogEntry entryFrom(Map<String, AttributeValue> i) {
    return new MailLogEntry(
        str(i, ID),
        str(i, MESSAGE_ID),
        str(i, FROM),
        Attrs.strings(i, TO),
        str(i, SUBJECT),
        instant(i, RECEIVED_AT),
        MailOutcome.fromWire(str(i, OUTCOME)).orElseThrow(),
        str(i, REASON),
        str(i, TICKET_ID),
        str(i, RAW_KEY),
        i.containsKey(SENDER_VERIFIED) ? Attrs.flag(i, SENDER_VERIFIED) : null);
  }

  @Override
  public void rememberMessage(String tenantId, String messageId, long ticketSeq) {
    // First wins: a stranger who sends a Message-ID first keeps it, and a later message reusing it
    // cannot move the
    // replies of the first one to another ticket.
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          Keys.PK,
                          s(Keys.messagePk(tenantId, messageId)),
                          Keys.SK,
                          s(Keys.MESSAGE_SK),
                          TYPE,
                          s("message"),
                          TICKET_SEQ,
                          n(ticketSeq)))
                  .conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException taken) {
      // remembered before: by this ticket on a retry, or by the message that used the id first
    }
  }

  @Override
  public Optional<Long> ticketOfMessage(String tenantId, String messageId) {
    return get(Keys.messagePk(tenantId, messageId), Keys.MESSAGE_SK, false)
        .map(i -> num(i, TICKET_SEQ));
  }

  @Override
  public SenderFacts senderFacts(String tenantId, String from, String messageId) {
    String messagePk = messageId == null ? null : Keys.messagePk(tenantId, messageId);
    String mailboxPk = from == null ? null : Keys.mailboxPk(from);
    String staffPk = from == null ? null : Keys.staff(tenantId, from);
    String contactPk = from == null ? null : Keys.contactPk(tenantId, from);
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    if (messagePk != null) keys.add(key(messagePk, Keys.MESSAGE_SK));
    if (from != null) {
      keys.add(key(mailboxPk, Keys.MAILBOX_SK));
      keys.add(key(staffPk, Keys.STAFF_SK));
      keys.add(key(contactPk, Keys.CONTACT_SK));
    }
    if (keys.isEmpty()) return SenderFacts.NONE;
    // The four partition keys differ (their prefixes do), so an item is told apart by its pk.
    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
    for (Map<String, AttributeValue> item : tables.batchGet(keys, true))
      found.put(str(item, Keys.PK), item);
    return new SenderFacts(
        Optional.ofNullable(found.get(messagePk)).map(i -> num(i, TICKET_SEQ)),
        Optional.ofNullable(found.get(mailboxPk)).map(DynamoMailStore::mailboxFrom),
        Optional.ofNullable(found.get(staffPk)).map(DynamoMembershipStore::staffFrom),
        Optional.ofNullable(found.get(contactPk)).map(DynamoDirectoryStore::contactFrom));
  }

  @Override
  public void putThread(String tenantId, long ticketSeq, MailThread thread) {
    db.putItem(r -> r.tableName(table).item(threadItem(tenantId, ticketSeq, thread)));
  }

  static Map<String, AttributeValue> threadItem(
      String tenantId, long ticketSeq, MailThread thread) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.ticketPk(tenantId, ticketSeq)));
    item.put(Keys.SK, s(Keys.MAIL_THREAD_SK));
    item.put(TYPE, s("mail_thread"));
    put(item, MAILBOX, thread.mailbox());
    put(item, LAST_CLIENT_MESSAGE_ID, thread.lastClientMessageId());
    item.put(MESSAGE_IDS, Attrs.ss(thread.messageIds()));
    return item;
  }

  @Override
  public Optional<MailThread> thread(String tenantId, long ticketSeq) {
    return get(Keys.ticketPk(tenantId, ticketSeq), Keys.MAIL_THREAD_SK, true)
        .map(
            i ->
                new MailThread(
                    str(i, MAILBOX),
                    str(i, LAST_CLIENT_MESSAGE_ID),
                    Attrs.strings(i, MESSAGE_IDS)));
  }

  @Override
  public boolean takeAckSlot(String tenantId, String sender, Instant now, int max) {
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(key(Keys.ackRatePk(tenantId, sender, HOUR.format(now)), Keys.ACK_RATE_SK))
                  .updateExpression("SET expiresAt = if_not_exists(expiresAt, :ttl) ADD sent :one")
                  .conditionExpression("attribute_not_exists(sent) OR sent < :max")
                  .expressionAttributeValues(
                      Map.of(
                          ":one",
                          n(1),
                          ":max",
                          n(max),
                          ":ttl",
                          n(now.plus(Duration.ofHours(2)).getEpochSecond()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<OutboundClaim> claimOutbound(
      String tenantId, String dedupeKey, String token, Instant now, Instant leaseUntil) {
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          Keys.PK,
                          s(Keys.outboundPk(tenantId, dedupeKey)),
                          Keys.SK,
                          s(Keys.OUTBOUND_SK),
                          TYPE,
                          s("outbound"),
                          STATE,
                          s(OUTBOUND_CLAIMED),
                          TOKEN,
                          s(token),
                          "claimedAt",
                          s(Times.iso(now)),
                          LEASE_UNTIL,
                          s(Times.iso(leaseUntil)),
                          Keys.TTL,
                          n(now.plus(OUTBOUND_RETENTION).getEpochSecond())))
                  // ISO-8601 instants in UTC with fixed precision compare as strings in time order.
                  .conditionExpression(
                      "attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)")
                  .expressionAttributeNames(Map.of("#state", STATE))
                  .expressionAttributeValues(
                      Map.of(":claimed", s(OUTBOUND_CLAIMED), ":now", s(Times.iso(now)))));
      return Optional.empty();
    } catch (ConditionalCheckFailedException held) {
      Map<String, AttributeValue> i =
          get(Keys.outboundPk(tenantId, dedupeKey), Keys.OUTBOUND_SK, true).orElse(null);
      // Gone between the two requests (expired): the next delivery claims it afresh.
      if (i == null) return Optional.of(new OutboundClaim(OutboundState.CLAIMED, now, null));
      return Optional.of(outboundFrom(i));
    }
  }

  /** Claims written before claims had a state were taken only after SES accepted the mail: done. */
  private static OutboundClaim outboundFrom(Map<String, AttributeValue> i) {
    String state = str(i, STATE);
    if (state == null) return new OutboundClaim(OutboundState.DONE, null, null);
    SentMail sent =
        str(i, MESSAGE_ID) == null
            ? null
            : new SentMail(
                str(i, FROM),
                str(i, TO),
                str(i, SUBJECT),
                str(i, MESSAGE_ID),
                str(i, SES_MESSAGE_ID),
                str(i, "inReplyTo"));
    return new OutboundClaim(
        OutboundState.valueOf(state.toUpperCase(java.util.Locale.ROOT)),
        instant(i, LEASE_UNTIL),
        sent);
  }

  @Override
  public boolean outboundSent(String tenantId, String dedupeKey, String token, SentMail sent) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":sent", s(OUTBOUND_SENT));
    values.put(":token", s(token));
    StringBuilder set = new StringBuilder("SET #state = :sent");
    String[][] fields = {
      {FROM, sent.from()},
      {TO, sent.to()},
      {SUBJECT, sent.subject()},
      {MESSAGE_ID, sent.messageId()},
      {SES_MESSAGE_ID, sent.sesMessageId()},
      {"inReplyTo", sent.inReplyTo()}
    };
    Map<String, String> names = new HashMap<>(Map.of("#state", STATE));
    for (String[] f : fields) {
      if (f[1] == null) continue;
      set.append(", #").append(f[0]).append(" = :").append(f[0]);
      names.put("#" + f[0], f[0]);
      values.put(":" + f[0], s(f[1]));
    }
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(key(Keys.outboundPk(tenantId, dedupeKey), Keys.OUTBOUND_SK))
                  .updateExpression(set.toString())
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(withToken(names))
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  private static Map<String, String> withToken(Map<String, String> names) {
    Map<String, String> all = new HashMap<>(names);
    all.put("#token", TOKEN);
    return all;
  }

  /**
   * The finishing write of a sent mail, in the transaction of its {@code email_sent} event: only
   * from {@code sent}.
   */
  static UpdateItemRequest outboundDone(String table, String tenantId, String dedupeKey) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(Keys.outboundPk(tenantId, dedupeKey), Keys.OUTBOUND_SK))
        .updateExpression("SET #state = :done")
        .conditionExpression("#state = :sent")
        .expressionAttributeNames(Map.of("#state", STATE))
        .expressionAttributeValues(Map.of(":done", s(OUTBOUND_DONE), ":sent", s(OUTBOUND_SENT)))
        .build();
  }

  /** A Message-ID we generated, mapped to its ticket, for the finishing transaction. */
  static Map<String, AttributeValue> messageItem(
      String tenantId, String messageId, long ticketSeq) {
    return Map.of(
        Keys.PK,
        s(Keys.messagePk(tenantId, messageId)),
        Keys.SK,
        s(Keys.MESSAGE_SK),
        TYPE,
        s("message"),
        TICKET_SEQ,
        n(ticketSeq));
  }

  @Override
  public void releaseOutbound(String tenantId, String dedupeKey, String token) {
    try {
      db.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(Keys.outboundPk(tenantId, dedupeKey), Keys.OUTBOUND_SK))
                  .conditionExpression("#token = :token")
                  .expressionAttributeNames(Map.of("#token", TOKEN))
                  .expressionAttributeValues(Map.of(":token", s(token))));
    } catch (ConditionalCheckFailedException notOurs) {
      // another sender holds it now: theirs to finish
    }
  }

  /**
   * Closes a claim this token holds without a send, in the transaction of its {@code
   * email_not_sent} event.
   */
  static UpdateItemRequest outboundNotSent(
      String table, String tenantId, String dedupeKey, String token, String reason) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(Keys.outboundPk(tenantId, dedupeKey), Keys.OUTBOUND_SK))
        .updateExpression("SET #state = :done, notSent = :reason REMOVE leaseUntil")
        .conditionExpression("#token = :token")
        .expressionAttributeNames(Map.of("#state", STATE, "#token", TOKEN))
        .expressionAttributeValues(
            Map.of(":done", s(OUTBOUND_DONE), ":reason", s(reason), ":token", s(token)))
        .build();
  }

  static final String SUPPRESSED = "suppressed";

  @Override
  public void suppress(String tenantId, String email, Suppression suppression) {
    Map<String, AttributeValue> item = new HashMap<>(suppressionAttributes(suppression));
    item.put(Keys.PK, s(Keys.suppressionPk(tenantId, email)));
    item.put(Keys.SK, s(Keys.SUPPRESSED_SK));
    item.put(TYPE, s("suppression"));
    item.put(EMAIL, s(Keys.normalizeEmail(email)));
    db.putItem(r -> r.tableName(table).item(item));
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(key(Keys.contactPk(tenantId, email), Keys.CONTACT_SK))
                  .updateExpression("SET #suppressed = :s")
                  .conditionExpression("attribute_exists(pk)")
                  .expressionAttributeNames(Map.of("#suppressed", SUPPRESSED))
                  .expressionAttributeValues(
                      Map.of(":s", AttributeValue.fromM(suppressionAttributes(suppression)))));
    } catch (ConditionalCheckFailedException noContact) {
      // a requester who is no contact (a stranger's ticket): the suppression item alone keeps mail
      // from them
    }
  }

  @Override
  public Optional<Suppression> suppression(String tenantId, String email) {
    return get(Keys.suppressionPk(tenantId, email), Keys.SUPPRESSED_SK, true)
        .map(DynamoMailStore::suppressionFrom);
  }

  /** The suppression's attributes: the item's own, and the map copied onto the contact. */
  static Map<String, AttributeValue> suppressionAttributes(Suppression s) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put(REASON, s(s.reason().wire()));
    put(m, DETAIL, s.detail());
    put(m, AT, s.at());
    put(m, SES_MESSAGE_ID, s.sesMessageId());
    return m;
  }

  static Suppression suppressionFrom(Map<String, AttributeValue> m) {
    return new Suppression(
        Suppression.Reason.fromWire(str(m, REASON)).orElse(Suppression.Reason.BOUNCE),
        str(m, DETAIL),
        instant(m, AT),
        str(m, SES_MESSAGE_ID));
  }

  @Override
  public void putAttachment(String tenantId, TicketAttachment a) {
    Map<String, AttributeValue> item = attachmentItem(tenantId, a);
    db.putItem(r -> r.tableName(table).item(item));
  }

  private static Map<String, AttributeValue> attachmentItem(String tenantId, TicketAttachment a) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.ticketPk(tenantId, a.ticketSeq())));
    item.put(Keys.SK, s(Keys.attachmentSk(a.id())));
    item.put(TYPE, s("attachment"));
    item.put(ID, s(a.id()));
    item.put(SEQ, n(a.ticketSeq()));
    put(item, FILENAME, a.filename());
    put(item, MIME_TYPE, a.mimeType());
    item.put(SIZE, n(a.size()));
    item.put(BUCKET, s(a.bucket()));
    item.put(KEY, s(a.key()));
    item.put(PUBLIC, Attrs.bool(a.isPublic()));
    return item;
  }

  @Override
  public Optional<TicketAttachment> attachment(
      String tenantId, long ticketSeq, String attachmentId) {
    return upload(tenantId, ticketSeq, attachmentId)
        .filter(u -> !u.pending())
        .map(dev.portal.shared.upload.Upload::attachment);
  }

  static final String UPLOAD_PENDING = "pending";

  @Override
  public boolean startUpload(
      String tenantId, TicketAttachment a, String uploadedBy, Instant expiresAt, int maxPerTicket) {
    Map<String, AttributeValue> item = attachmentItem(tenantId, a);
    item.put(STATE, s(UPLOAD_PENDING));
    put(item, UPLOADED_BY, uploadedBy);
    item.put("expiresAt", n(expiresAt.getEpochSecond()));
    String pk = Keys.ticketPk(tenantId, a.ticketSeq());
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  tables.putNew(item),
                  TransactWriteItem.builder()
                      .update(
                          software.amazon.awssdk.services.dynamodb.model.Update.builder()
                              .tableName(table)
                              .key(key(pk, Keys.UPLOADS_SK))
                              .updateExpression("ADD #n :one")
                              .conditionExpression("attribute_not_exists(#n) OR #n < :max")
                              .expressionAttributeNames(Map.of("#n", "started"))
                              .expressionAttributeValues(
                                  Map.of(":one", n(1), ":max", n(maxPerTicket)))
                              .build())
                      .build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 1)) return false;
      throw e;
    }
  }

  @Override
  public Optional<dev.portal.shared.upload.Upload> upload(
      String tenantId, long ticketSeq, String attachmentId) {
    return get(Keys.ticketPk(tenantId, ticketSeq), Keys.attachmentSk(attachmentId), true)
        .map(
            i ->
                new dev.portal.shared.upload.Upload(
                    new TicketAttachment(
                        str(i, ID),
                        num(i, SEQ),
                        str(i, FILENAME),
                        str(i, MIME_TYPE),
                        num(i, SIZE),
                        str(i, BUCKET),
                        str(i, KEY),
                        flag(i, PUBLIC)),
                    UPLOAD_PENDING.equals(str(i, STATE)),
                    str(i, UPLOADED_BY),
                    str(i, "eventId")));
  }

  /**
   * Pending to stored, with the event that tells the timeline: the pending state and its TTL go, so
   * the item stays; a second confirmation fails the condition.
   */
  static UpdateItemRequest uploadStored(
      String table, String tenantId, long ticketSeq, String attachmentId, String eventId) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(Keys.ticketPk(tenantId, ticketSeq), Keys.attachmentSk(attachmentId)))
        .updateExpression("SET eventId = :event REMOVE #state, expiresAt")
        .conditionExpression("#state = :pending")
        .expressionAttributeNames(Map.of("#state", STATE))
        .expressionAttributeValues(Map.of(":event", s(eventId), ":pending", s(UPLOAD_PENDING)))
        .build();
  }

  private Optional<Map<String, AttributeValue>> get(String pk, String sk, boolean consistent) {
    Map<String, AttributeValue> item =
        db.getItem(r -> r.tableName(table).consistentRead(consistent).key(key(pk, sk))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }
}
