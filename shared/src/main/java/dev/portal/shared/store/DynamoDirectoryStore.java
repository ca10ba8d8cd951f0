package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ACCOUNT_MANAGER_ID;
import static dev.portal.shared.store.Attrs.ACTIVE;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.CURRENCY;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.EMAIL_DOMAINS;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.LANGUAGE;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.ROLE;
import static dev.portal.shared.store.Attrs.TICKET_PREFIX;
import static dev.portal.shared.store.Attrs.TICKET_SEQ;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.ZONE_ID;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.BusinessHours;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Language;
import dev.portal.shared.domain.Member;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.TenantSettingsChange;
import dev.portal.shared.domain.Times;
import dev.portal.shared.error.PortalException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** {@link DirectoryStore} on the single table. */
public final class DynamoDirectoryStore implements DirectoryStore {
  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;
  private final ZoneId defaultZone;

  /** Attributes of the tenant item ({@code TENANT#<t>} / {@code #TENANT}). */
  static final String T_BUSINESS_HOURS = "businessHours";

  static final String T_HOLIDAYS = "holidays";
  static final String T_ACKNOWLEDGEMENT = "acknowledgement";
  static final String T_SENDER_NAME = "senderName";

  public DynamoDirectoryStore(
      DynamoDbClient db, String table, CursorCodec cursors, ZoneId defaultZone) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, cursors);
    this.defaultZone = defaultZone;
  }

  @Override
  public void putTenant(TenantSettings settings) {
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    tenantAttributes(settings)
        .forEach((name, value) -> setOrRemove(set, remove, values, name, value, value == null));
    db.updateItem(
        r ->
            r.tableName(table)
                .key(Tables.key(Keys.tenantPk(settings.tenantId()), Keys.TENANT_SK))
                .updateExpression(updateExpression(set, remove))
                .expressionAttributeNames(names(set, remove))
                .expressionAttributeValues(values));
  }

  @Override
  public TenantSettings updateTenant(
      String tenantId, TenantSettingsChange change, ZoneId defaultZone) {
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    setOrRemove(set, remove, values, NAME, change.name() == null ? null : s(change.name()), false);
    setOrRemove(
        set,
        remove,
        values,
        T_BUSINESS_HOURS,
        change.businessHours() == null ? null : hoursValue(change.businessHours()),
        false);
    setOrRemove(
        set,
        remove,
        values,
        T_HOLIDAYS,
        change.holidays() == null
            ? null
            : AttributeValue.fromL(
                change.holidays().stream().sorted().distinct().map(d -> s(d.toString())).toList()),
        false);
    setOrRemove(
        set,
        remove,
        values,
        LANGUAGE,
        change.language() == null ? null : s(change.language().wire()),
        false);
    setOrRemove(
        set,
        remove,
        values,
        CURRENCY,
        change.currency() == null ? null : s(change.currency()),
        false);
    setOrRemove(
        set,
        remove,
        values,
        T_ACKNOWLEDGEMENT,
        change.acknowledgement() == null ? null : s(change.acknowledgement()),
        "".equals(change.acknowledgement()));
    setOrRemove(
        set,
        remove,
        values,
        T_SENDER_NAME,
        change.senderName() == null ? null : s(change.senderName()),
        "".equals(change.senderName()));
    // What the change leaves out of prefix and zone is written only if missing, so the item is a
    // whole tenant after.
    values.put(
        ":" + TICKET_PREFIX,
        s(
            change.ticketPrefix() != null
                ? change.ticketPrefix()
                : TenantSettings.defaultPrefix(tenantId)));
    set.add(
        change.ticketPrefix() != null
            ? "#" + TICKET_PREFIX + " = :" + TICKET_PREFIX
            : "#"
                + TICKET_PREFIX
                + " = if_not_exists(#"
                + TICKET_PREFIX
                + ", :"
                + TICKET_PREFIX
                + ")");
    values.put(":" + ZONE_ID, s((change.zone() != null ? change.zone() : defaultZone).getId()));
    set.add(
        change.zone() != null
            ? "#" + ZONE_ID + " = :" + ZONE_ID
            : "#" + ZONE_ID + " = if_not_exists(#" + ZONE_ID + ", :" + ZONE_ID + ")");
    Map<String, String> names = names(set, remove);
    UpdateItemRequest.Builder update =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(Tables.key(Keys.tenantPk(tenantId), Keys.TENANT_SK))
            .updateExpression(updateExpression(set, remove))
            .expressionAttributeValues(values)
            .returnValues(ReturnValue.ALL_NEW);
    if (change.ticketPrefix() != null) {
      // The prefix is part of every ticket number already given out: it may change only before the
      // first one (the
      // counter is drawn by the first ticket's creation) or to what it is.
      update.conditionExpression(
          "attribute_not_exists(#"
              + TICKET_SEQ
              + ") OR #"
              + TICKET_PREFIX
              + " = :"
              + TICKET_PREFIX);
      names.put("#" + TICKET_SEQ, TICKET_SEQ);
    }
    update.expressionAttributeNames(names);
    try {
      UpdateItemRequest request = update.build();
      return tenantFrom(
          tenantId,
          Tables.besideTransactions(() -> db.updateItem(request)).attributes(),
          defaultZone);
    } catch (ConditionalCheckFailedException e) {
      throw new PortalException.Conflict(
          "the ticket prefix cannot change once the tenant has tickets");
    }
  }

  private static void setOrRemove(
      List<String> set,
      List<String> remove,
      Map<String, AttributeValue> values,
      String name,
      AttributeValue value,
      boolean clear) {
    if (clear) {
      remove.add("#" + name);
    } else if (value != null) {
      set.add("#" + name + " = :" + name);
      values.put(":" + name, value);
    }
  }

  private static String updateExpression(List<String> set, List<String> remove) {
    return "SET "
        + String.join(", ", set)
        + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
  }

  /**
   * Every attribute by placeholder: {@code name} and {@code language} are DynamoDB reserved words.
   */
  private static Map<String, String> names(List<String> set, List<String> remove) {
    Map<String, String> names = new HashMap<>();
    for (String part : set) {
      String placeholder = part.substring(0, part.indexOf(' '));
      names.put(placeholder, placeholder.substring(1));
    }
    for (String placeholder : remove) names.put(placeholder, placeholder.substring(1));
    return names;
  }

  @Override
  public Optional<TenantSettings> tenant(String tenantId) {
    Map<String, AttributeValue> item = get(Keys.tenantPk(tenantId), Keys.TENANT_SK);
    return item == null ? Optional.empty() : Optional.of(tenantFrom(tenantId, item, defaultZone));
  }

  /** Every settings attribute of the tenant item; null values are absent (the defaults). */
  static Map<String, AttributeValue> tenantAttributes(TenantSettings t) {
    Map<String, AttributeValue> a = new java.util.LinkedHashMap<>();
    a.put(TICKET_PREFIX, s(t.ticketPrefix()));
    a.put(ZONE_ID, s(t.zone().getId()));
    a.put(NAME, t.name() == null ? null : s(t.name()));
    a.put(T_BUSINESS_HOURS, hoursValue(t.businessHours()));
    a.put(
        T_HOLIDAYS, AttributeValue.fromL(t.holidays().stream().map(d -> s(d.toString())).toList()));
    a.put(LANGUAGE, s(t.language().wire()));
    a.put(CURRENCY, t.currency() == null ? null : s(t.currency()));
    a.put(T_ACKNOWLEDGEMENT, t.acknowledgement() == null ? null : s(t.acknowledgement()));
    a.put(T_SENDER_NAME, t.senderName() == null ? null : s(t.senderName()));
    return a;
  }

  private static AttributeValue hoursValue(BusinessHours hours) {
    Map<String, AttributeValue> days = new HashMap<>();
    hours
        .days()
        .forEach(
            (day, span) ->
                days.put(
                    BusinessHours.wire(day),
                    AttributeValue.fromM(
                        Map.of(
                            "start",
                            s(span.start().toString()),
                            "end",
                            s(span.end().toString())))));
    return AttributeValue.fromM(days);
  }

  static TenantSettings tenantFrom(
      String tenantId, Map<String, AttributeValue> item, ZoneId defaultZone) {
    String prefix = str(item, TICKET_PREFIX);
    return new TenantSettings(
        tenantId,
        prefix == null ? TenantSettings.defaultPrefix(tenantId) : prefix,
        zone(str(item, ZONE_ID), defaultZone),
        str(item, NAME),
        hoursFrom(item.get(T_BUSINESS_HOURS)),
        holidaysFrom(item.get(T_HOLIDAYS)),
        Language.fromWire(str(item, LANGUAGE)).orElse(Language.EN),
        str(item, CURRENCY),
        str(item, T_ACKNOWLEDGEMENT),
        str(item, T_SENDER_NAME));
  }

  /**
   * Read leniently: a value the API would refuse (written by hand, or by an older version) means
   * the default.
   */
  private static ZoneId zone(String id, ZoneId fallback) {
    if (id == null) return fallback;
    try {
      return Times.zone(id);
    } catch (java.time.DateTimeException e) {
      return fallback;
    }
  }

  private static BusinessHours hoursFrom(AttributeValue v) {
    if (v == null || !v.hasM()) return BusinessHours.STANDARD;
    try {
      Map<DayOfWeek, BusinessHours.Span> days = new EnumMap<>(DayOfWeek.class);
      v.m()
          .forEach(
              (day, span) ->
                  BusinessHours.dayFromWire(day)
                      .ifPresent(
                          d ->
                              days.put(
                                  d,
                                  new BusinessHours.Span(
                                      LocalTime.parse(span.m().get("start").s()),
                                      LocalTime.parse(span.m().get("end").s())))));
      return new BusinessHours(days);
    } catch (RuntimeException e) {
      return BusinessHours.STANDARD;
    }
  }

  private static List<LocalDate> holidaysFrom(AttributeValue v) {
    if (v == null || !v.hasL()) return List.of();
    List<LocalDate> out = new ArrayList<>();
    for (AttributeValue d : v.l()) {
      try {
        out.add(Times.date(d.s()));
      } catch (RuntimeException e) {
        // left out, see zone()
      }
      if (out.size() == Caps.HOLIDAYS) break;
    }
    return out;
  }

  @Override
  public void createClient(String tenantId, Client client, Optional<CompletedIdempotency> record) {
    List<TransactWriteItem> writes = clientWrites(tenantId, client, record);
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (record.isPresent()
          && DynamoIdempotencyStore.collided(e, writes.size() - 1, record.get().claim())) {
        throw new IdempotencyCollision();
      }
      for (int i = 1; i <= client.emailDomains().size(); i++) {
        if (Tables.conditionFailedAt(e, i)) {
          throw new PortalException.Invalid(
              "emailDomains[" + (i - 1) + "]",
              "domain " + client.emailDomains().get(i - 1) + " belongs to another client already");
        }
      }
      throw e;
    }
  }

  /**
   * The client, one claim per email domain, the item of its months outside any contract and the
   * completed idempotency record: at most {@code 3 + Caps.CLIENT_DOMAINS} actions, which a unit
   * test holds against DynamoDB's per-transaction limit.
   */
  List<TransactWriteItem> clientWrites(
      String tenantId, Client client, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.clientPk(tenantId, client.id())));
    item.put(Keys.SK, s(Keys.CLIENT_SK));
    item.put(TYPE, s("client"));
    item.put(ID, s(client.id()));
    item.put(NAME, s(client.name()));
    item.put(EMAIL_DOMAINS, Attrs.ss(client.emailDomains()));
    put(item, CREATED_AT, client.createdAt());
    put(item, ACCOUNT_MANAGER_ID, client.accountManagerId());
    item.put(Keys.gsiPk(Keys.CLIENTS_BY_NAME), s(Keys.clientsPk(tenantId)));
    item.put(Keys.gsiSk(Keys.CLIENTS_BY_NAME), s(Keys.clientNameSk(client.name(), client.id())));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(tables.putNew(item));
    for (String domain : client.emailDomains()) {
      writes.add(
          tables.putNew(
              Map.of(
                  Keys.PK,
                  s(Keys.domainPk(tenantId, domain)),
                  Keys.SK,
                  s(Keys.DOMAIN_SK),
                  TYPE,
                  s("domain"),
                  CLIENT_ID,
                  s(client.id()))));
    }
    // The months of the client's work outside any contract, kept from the start, so its usage
    // report reads them with its contracts.
    writes.add(tables.putNew(DynamoContractStore.newUncontractedItem(tenantId, client.id())));
    record.ifPresent(
        r -> writes.add(DynamoIdempotencyStore.completion(table, r, client.createdAt())));
    return writes;
  }

  @Override
  public Optional<Client> client(String tenantId, String clientId) {
    Map<String, AttributeValue> item = get(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK);
    return item == null ? Optional.empty() : Optional.of(clientFrom(item));
  }

  @Override
  public Page<Client> clients(String tenantId, int limit, String cursor) {
    String partition = Keys.clientsPk(tenantId);
    return tables.indexPage(
        tenantId,
        Keys.CLIENTS_BY_NAME,
        partition,
        true,
        limit,
        cursor,
        DynamoDirectoryStore::clientFrom);
  }

  static Client clientFrom(Map<String, AttributeValue> i) {
    return new Client(
        str(i, ID),
        str(i, NAME),
        Attrs.strings(i, EMAIL_DOMAINS),
        instant(i, CREATED_AT),
        str(i, ACCOUNT_MANAGER_ID));
  }

  @Override
  public Optional<Client> setAccountManager(
      String tenantId, String clientId, String accountManagerId) {
    var update =
        software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder()
            .tableName(table)
            .key(Tables.key(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK))
            .conditionExpression("attribute_exists(pk)")
            .expressionAttributeNames(Map.of("#m", ACCOUNT_MANAGER_ID))
            .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW);
    if (accountManagerId == null) {
      update.updateExpression("REMOVE #m");
    } else {
      update
          .updateExpression("SET #m = :m")
          .expressionAttributeValues(Map.of(":m", s(Keys.normalizeEmail(accountManagerId))));
    }
    try {
      return Optional.of(clientFrom(db.updateItem(update.build()).attributes()));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Staff> staff(String tenantId, String email) {
    Map<String, AttributeValue> item = get(Keys.staff(tenantId, email), Keys.STAFF_SK);
    return item == null ? Optional.empty() : Optional.of(DynamoMembershipStore.staffFrom(item));
  }

  @Override
  public void createContact(
      String tenantId, Contact contact, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.contactPk(tenantId, contact.email())));
    item.put(Keys.SK, s(Keys.CONTACT_SK));
    item.put(TYPE, s("contact"));
    item.put(EMAIL, s(Keys.normalizeEmail(contact.email())));
    put(item, NAME, contact.name());
    item.put(CLIENT_ID, s(contact.clientId()));
    item.put(ROLE, s(contact.role().wire()));
    item.put(ACTIVE, Attrs.bool(contact.active()));
    put(item, CREATED_AT, contact.createdAt());
    item.put(
        Keys.gsiPk(Keys.CLIENT_CONTACTS), s(Keys.clientContactsPk(tenantId, contact.clientId())));
    item.put(Keys.gsiSk(Keys.CLIENT_CONTACTS), s(Keys.normalizeEmail(contact.email())));
    // An address that bounced or complained before it became a contact shows so from the start.
    Map<String, AttributeValue> suppressed =
        get(Keys.suppressionPk(tenantId, contact.email()), Keys.SUPPRESSED_SK);
    if (suppressed != null) {
      item.put(
          DynamoMailStore.SUPPRESSED,
          AttributeValue.fromM(
              DynamoMailStore.suppressionAttributes(DynamoMailStore.suppressionFrom(suppressed))));
    }
    // The membership the pre-token trigger reads is written with the contact, never apart from it.
    Member member =
        new Member(contact.email(), tenantId, contact.clientId(), contact.role(), contact.active());
    List<TransactWriteItem> writes =
        new ArrayList<>(
            List.of(tables.putNew(item), tables.putNew(DynamoMembershipStore.memberItem(member))));
    record.ifPresent(
        r -> writes.add(DynamoIdempotencyStore.completion(table, r, contact.createdAt())));
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (record.isPresent() && DynamoIdempotencyStore.collided(e, 2, record.get().claim()))
        throw new IdempotencyCollision();
      if (Tables.conditionFailedAt(e, 0)) throw contactExists();
      if (Tables.conditionFailedAt(e, 1))
        throw new PortalException.Conflict("this email is a member of the tenant already");
      throw e;
    }
  }

  private static PortalException contactExists() {
    return new PortalException.Conflict("a contact with this email exists in the tenant already");
  }

  @Override
  public Optional<Contact> contact(String tenantId, String email) {
    Map<String, AttributeValue> item = get(Keys.contactPk(tenantId, email), Keys.CONTACT_SK);
    return item == null ? Optional.empty() : Optional.of(contactFrom(item));
  }

  @Override
  public Page<Contact> contacts(String tenantId, String clientId, int limit, String cursor) {
    String partition = Keys.clientContactsPk(tenantId, clientId);
    return tables.indexPage(
        tenantId,
        Keys.CLIENT_CONTACTS,
        partition,
        true,
        limit,
        cursor,
        DynamoDirectoryStore::contactFrom);
  }

  static Contact contactFrom(Map<String, AttributeValue> i) {
    AttributeValue suppressed = i.get(DynamoMailStore.SUPPRESSED);
    AttributeValue active = i.get(ACTIVE);
    return new Contact(
        str(i, EMAIL),
        str(i, NAME),
        str(i, CLIENT_ID),
        Role.fromWire(str(i, ROLE)).orElseThrow(),
        instant(i, CREATED_AT),
        suppressed == null || !suppressed.hasM()
            ? null
            : DynamoMailStore.suppressionFrom(suppressed.m()),
        active == null || Boolean.TRUE.equals(active.bool()));
  }

  @Override
  public Optional<String> clientForDomain(String tenantId, String domain) {
    Map<String, AttributeValue> item = get(Keys.domainPk(tenantId, domain), Keys.DOMAIN_SK);
    return item == null ? Optional.empty() : Optional.ofNullable(str(item, CLIENT_ID));
  }

  private Map<String, AttributeValue> get(String pk, String sk) {
    Map<String, AttributeValue> item =
        db.getItem(r -> r.tableName(table).key(Tables.key(pk, sk))).item();
    return item == null || item.isEmpty() ? null : item;
  }
}
