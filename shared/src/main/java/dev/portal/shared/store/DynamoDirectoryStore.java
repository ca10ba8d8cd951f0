package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.error.PortalException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link DirectoryStore} on the single table. */
public final class DynamoDirectoryStore implements DirectoryStore {
  static final String ACCOUNT_MANAGER = "accountManagerId";
  private final DynamoDbClient db;
  private final String table;
  private final CursorCodec cursors;
  private final ZoneId defaultZone;

  public DynamoDirectoryStore(DynamoDbClient db, String table, CursorCodec cursors, ZoneId defaultZone) {
    this.db = db;
    this.table = table;
    this.cursors = cursors;
    this.defaultZone = defaultZone;
  }

  @Override
  public void putTenant(TenantSettings settings) {
    db.updateItem(r -> r.tableName(table)
        .key(Map.of(Keys.PK, s(Keys.tenantPk(settings.tenantId())), Keys.SK, s(Keys.TENANT_SK)))
        .updateExpression("SET ticketPrefix = :p, zoneId = :z")
        .expressionAttributeValues(Map.of(":p", s(settings.ticketPrefix()), ":z", s(settings.zone().getId()))));
  }

  @Override
  public Optional<TenantSettings> tenant(String tenantId) {
    Map<String, AttributeValue> item = get(Keys.tenantPk(tenantId), Keys.TENANT_SK);
    return item == null ? Optional.empty() : Optional.of(tenantFrom(tenantId, item));
  }

  static TenantSettings tenantFrom(String tenantId, Map<String, AttributeValue> item) {
    return new TenantSettings(tenantId, str(item, "ticketPrefix"), ZoneId.of(str(item, "zoneId")));
  }

  @Override
  public void createClient(String tenantId, Client client, Optional<CompletedIdempotency> record) {
    List<TransactWriteItem> writes = clientWrites(tenantId, client, record);
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (record.isPresent() && DynamoIdempotencyStore.collided(e, writes.size() - 1, record.get().claim())) {
        throw new IdempotencyCollision();
      }
      for (int i = 1; i <= client.emailDomains().size() && i < e.cancellationReasons().size(); i++) {
        if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(i).code())) {
          throw new PortalException.Invalid("emailDomains[" + (i - 1) + "]",
              "domain " + client.emailDomains().get(i - 1) + " belongs to another client already");
        }
      }
      throw e;
    }
  }

  /**
   * The client, one claim per email domain, and the completed idempotency record: at most
   * {@code 2 + Caps.CLIENT_DOMAINS} actions, which a unit test holds against DynamoDB's per-transaction limit.
   */
  List<TransactWriteItem> clientWrites(String tenantId, Client client, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.clientPk(tenantId, client.id())));
    item.put(Keys.SK, s(Keys.CLIENT_SK));
    item.put("type", s("client"));
    item.put("id", s(client.id()));
    item.put("name", s(client.name()));
    item.put("emailDomains", Attrs.ss(client.emailDomains()));
    put(item, "createdAt", client.createdAt());
    put(item, ACCOUNT_MANAGER, client.accountManagerId());
    item.put(Keys.gsiPk(Keys.CLIENTS_BY_NAME), s(Keys.clientsPk(tenantId)));
    item.put(Keys.gsiSk(Keys.CLIENTS_BY_NAME), s(Keys.clientNameSk(client.name(), client.id())));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(putNew(item));
    for (String domain : client.emailDomains()) {
      writes.add(putNew(Map.of(Keys.PK, s(Keys.domainPk(tenantId, domain)), Keys.SK, s(Keys.DOMAIN_SK),
          "type", s("domain"), "clientId", s(client.id()))));
    }
    record.ifPresent(r -> writes.add(DynamoIdempotencyStore.completion(table, r, client.createdAt())));
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
    QueryResponse res = queryIndex(tenantId, Keys.CLIENTS_BY_NAME, partition, limit, cursor);
    return new Page<>(res.items().stream().map(DynamoDirectoryStore::clientFrom).toList(),
        cursors.encode(tenantId, Keys.gsiName(Keys.CLIENTS_BY_NAME) + "|" + partition, res.lastEvaluatedKey()));
  }

  private static Client clientFrom(Map<String, AttributeValue> i) {
    return new Client(str(i, "id"), str(i, "name"), Attrs.strings(i, "emailDomains"), instant(i, "createdAt"),
        str(i, ACCOUNT_MANAGER));
  }

  @Override
  public Optional<Client> setAccountManager(String tenantId, String clientId, String accountManagerId) {
    var update = software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder().tableName(table)
        .key(Map.of(Keys.PK, s(Keys.clientPk(tenantId, clientId)), Keys.SK, s(Keys.CLIENT_SK)))
        .conditionExpression("attribute_exists(pk)")
        .expressionAttributeNames(Map.of("#m", ACCOUNT_MANAGER))
        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW);
    if (accountManagerId == null) {
      update.updateExpression("REMOVE #m");
    } else {
      update.updateExpression("SET #m = :m").expressionAttributeValues(Map.of(":m", s(Keys.normalizeEmail(accountManagerId))));
    }
    try {
      return Optional.of(clientFrom(db.updateItem(update.build()).attributes()));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  @Override
  public void putStaff(String tenantId, Staff staff) {
    db.putItem(r -> r.tableName(table).item(staffItem(tenantId, staff)));
  }

  @Override
  public Optional<Staff> staff(String tenantId, String email) {
    Map<String, AttributeValue> item = get(Keys.staff(tenantId, email), Keys.STAFF_SK);
    return item == null ? Optional.empty() : Optional.of(staffFrom(item));
  }

  /**
   * A staff item as the contract between branches describes it (identity owns its routes); local mode's demo tenant
   * and the tests seed theirs with it.
   */
  public static Map<String, AttributeValue> staffItem(String tenantId, Staff staff) {
    Map<String, AttributeValue> item = new HashMap<>();
    String email = Keys.normalizeEmail(staff.email());
    item.put(Keys.PK, s(Keys.staff(tenantId, email)));
    item.put(Keys.SK, s(Keys.STAFF_SK));
    item.put("type", s("staff"));
    item.put("email", s(email));
    put(item, "name", staff.name());
    item.put("role", s(staff.role().wire()));
    item.put("active", Attrs.bool(staff.active()));
    put(item, "createdAt", staff.createdAt());
    item.put(Keys.gsiPk(Keys.STAFF_LIST), s(Keys.staffListPk(tenantId)));
    item.put(Keys.gsiSk(Keys.STAFF_LIST), s(email));
    return item;
  }

  static Staff staffFrom(Map<String, AttributeValue> i) {
    AttributeValue active = i.get("active");
    return new Staff(str(i, "email"), str(i, "name"), Role.fromWire(str(i, "role")).orElse(Role.AGENT),
        active == null || active.bool() == null || active.bool(), instant(i, "createdAt"));
  }

  @Override
  public void createContact(String tenantId, Contact contact, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.contactPk(tenantId, contact.email())));
    item.put(Keys.SK, s(Keys.CONTACT_SK));
    item.put("type", s("contact"));
    item.put("email", s(Keys.normalizeEmail(contact.email())));
    put(item, "name", contact.name());
    item.put("clientId", s(contact.clientId()));
    item.put("role", s(contact.role().wire()));
    put(item, "createdAt", contact.createdAt());
    item.put(Keys.gsiPk(Keys.CLIENT_CONTACTS), s(Keys.clientContactsPk(tenantId, contact.clientId())));
    item.put(Keys.gsiSk(Keys.CLIENT_CONTACTS), s(Keys.normalizeEmail(contact.email())));
    // An address that bounced or complained before it became a contact shows so from the start.
    Map<String, AttributeValue> suppressed = get(Keys.suppressionPk(tenantId, contact.email()), Keys.SUPPRESSED_SK);
    if (suppressed != null) {
      item.put(DynamoMailStore.SUPPRESSED,
          AttributeValue.fromM(DynamoMailStore.suppressionAttributes(DynamoMailStore.suppressionFrom(suppressed))));
    }
    try {
      if (record.isEmpty()) {
        db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return;
      }
      db.transactWriteItems(r -> r.transactItems(putNew(item),
          DynamoIdempotencyStore.completion(table, record.get(), contact.createdAt())));
    } catch (ConditionalCheckFailedException e) {
      throw contactExists();
    } catch (TransactionCanceledException e) {
      if (DynamoIdempotencyStore.collided(e, 1, record.get().claim())) throw new IdempotencyCollision();
      if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) throw contactExists();
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
    QueryResponse res = queryIndex(tenantId, Keys.CLIENT_CONTACTS, partition, limit, cursor);
    return new Page<>(res.items().stream().map(DynamoDirectoryStore::contactFrom).toList(),
        cursors.encode(tenantId, Keys.gsiName(Keys.CLIENT_CONTACTS) + "|" + partition, res.lastEvaluatedKey()));
  }

  private static Contact contactFrom(Map<String, AttributeValue> i) {
    AttributeValue suppressed = i.get(DynamoMailStore.SUPPRESSED);
    return new Contact(str(i, "email"), str(i, "name"), str(i, "clientId"), Role.fromWire(str(i, "role")).orElseThrow(),
        instant(i, "createdAt"), suppressed == null || !suppressed.hasM() ? null : DynamoMailStore.suppressionFrom(suppressed.m()));
  }

  @Override
  public Optional<String> clientForDomain(String tenantId, String domain) {
    Map<String, AttributeValue> item = get(Keys.domainPk(tenantId, domain), Keys.DOMAIN_SK);
    return item == null ? Optional.empty() : Optional.ofNullable(str(item, "clientId"));
  }

  private Map<String, AttributeValue> get(String pk, String sk) {
    Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(Map.of(Keys.PK, s(pk), Keys.SK, s(sk)))).item();
    return item == null || item.isEmpty() ? null : item;
  }

  private TransactWriteItem putNew(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build()).build();
  }

  private QueryResponse queryIndex(String tenantId, int index, String partition, int limit, String cursor) {
    Map<String, AttributeValue> start = cursors.decode(tenantId, Keys.gsiName(index) + "|" + partition, cursor);
    return db.query(QueryRequest.builder().tableName(table).indexName(Keys.gsiName(index))
        .keyConditionExpression("#pk = :pk")
        .expressionAttributeNames(Map.of("#pk", Keys.gsiPk(index)))
        .expressionAttributeValues(Map.of(":pk", s(partition)))
        .exclusiveStartKey(start).limit(limit).build());
  }
}
