package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ACTIVE;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.ROLE;
import static dev.portal.shared.store.Attrs.TENANT_ID;
import static dev.portal.shared.store.Attrs.TICKET_PREFIX;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.ZONE_ID;
import static dev.portal.shared.store.Attrs.bool;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Member;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.error.PortalException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link MembershipStore} on the single table. */
public final class DynamoMembershipStore implements MembershipStore {
  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;

  public DynamoMembershipStore(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, cursors);
  }

  /**
   * The membership item; also written by {@link DynamoDirectoryStore#createContact} in the
   * contact's transaction.
   */
  static Map<String, AttributeValue> memberItem(Member m) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.memberPk(m.email())));
    item.put(Keys.SK, s(Keys.memberSk(m.tenantId())));
    item.put(TYPE, s("member"));
    item.put(EMAIL, s(Keys.normalizeEmail(m.email())));
    item.put(TENANT_ID, s(m.tenantId()));
    put(item, CLIENT_ID, m.clientId());
    item.put(ROLE, s(m.role().wire()));
    item.put(ACTIVE, bool(m.active()));
    return item;
  }

  @Override
  public List<Member> memberships(String email) {
    QueryResponse res =
        db.query(
            QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.memberPk(email))))
                .limit(MAX_MEMBERSHIPS)
                .build());
    List<Member> members = new ArrayList<>();
    for (Map<String, AttributeValue> i : res.items()) {
      Optional<Role> role = Role.fromWire(str(i, ROLE));
      // An item this code did not write (no role we know) grants nothing.
      if (role.isEmpty() || str(i, TENANT_ID) == null) continue;
      AttributeValue active = i.get(ACTIVE);
      members.add(
          new Member(
              str(i, EMAIL),
              str(i, TENANT_ID),
              str(i, CLIENT_ID),
              role.get(),
              active == null || Boolean.TRUE.equals(active.bool())));
    }
    return members;
  }

  private Map<String, AttributeValue> staffItem(String tenantId, Staff staff) {
    String email = Keys.normalizeEmail(staff.email());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.staff(tenantId, email)));
    item.put(Keys.SK, s(Keys.STAFF_SK));
    item.put(TYPE, s("staff"));
    item.put(EMAIL, s(email));
    put(item, NAME, staff.name());
    item.put(ROLE, s(staff.role().wire()));
    item.put(ACTIVE, bool(staff.active()));
    put(item, CREATED_AT, staff.createdAt());
    item.put(Keys.gsiPk(Keys.TENANT_STAFF), s(Keys.tenantStaffPk(tenantId)));
    item.put(Keys.gsiSk(Keys.TENANT_STAFF), s(email));
    return item;
  }

  @Override
  public void createStaff(String tenantId, Staff staff) {
    Member member = new Member(staff.email(), tenantId, null, staff.role(), staff.active());
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  tables.putNew(staffItem(tenantId, staff)), tables.putNew(memberItem(member))));
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0))
        throw new PortalException.Conflict("a staff member with this email exists already");
      if (Tables.conditionFailedAt(e, 1))
        throw new PortalException.Conflict("this email is a member of the tenant already");
      throw e;
    }
  }

  @Override
  public Optional<Staff> staff(String tenantId, String email) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.staff(tenantId, email), Keys.STAFF_SK)))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(staffFrom(item));
  }

  @Override
  public Page<Staff> staff(String tenantId, int limit, String cursor) {
    String partition = Keys.tenantStaffPk(tenantId);
    return tables.indexPage(
        tenantId,
        Keys.TENANT_STAFF,
        partition,
        true,
        limit,
        cursor,
        DynamoMembershipStore::staffFrom);
  }

  static Staff staffFrom(Map<String, AttributeValue> i) {
    AttributeValue active = i.get(ACTIVE);
    return new Staff(
        str(i, EMAIL),
        str(i, NAME),
        Role.fromWire(str(i, ROLE)).orElseThrow(),
        active == null || Boolean.TRUE.equals(active.bool()),
        instant(i, CREATED_AT));
  }

  @Override
  public Optional<Staff> updateStaff(
      String tenantId, String email, Boolean active, Role role, String name) {
    Optional<Staff> current = staff(tenantId, email);
    if (current.isEmpty()) return current;
    Staff s0 = current.get();
    Staff next =
        new Staff(
            s0.email(),
            name != null ? name : s0.name(),
            role != null ? role : s0.role(),
            active != null ? active : s0.active(),
            s0.createdAt());
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":r", s(next.role().wire()));
    values.put(":a", bool(next.active()));
    StringBuilder set = new StringBuilder("SET #r = :r, active = :a");
    if (next.name() != null) {
      set.append(", #n = :n");
      values.put(":n", s(next.name()));
    }
    Update staffUpdate =
        Update.builder()
            .tableName(table)
            .key(Tables.key(Keys.staff(tenantId, email), Keys.STAFF_SK))
            .conditionExpression("attribute_exists(pk)")
            .updateExpression(set.toString())
            .expressionAttributeNames(
                next.name() != null ? Map.of("#r", ROLE, "#n", NAME) : Map.of("#r", ROLE))
            .expressionAttributeValues(values)
            .build();
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder().update(staffUpdate).build(),
                  putMember(new Member(next.email(), tenantId, null, next.role(), next.active()))));
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0)) return Optional.empty();
      throw e;
    }
    return Optional.of(next);
  }

  @Override
  public Optional<Contact> setContactActive(
      String tenantId, String clientId, String email, boolean active) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.contactPk(tenantId, email), Keys.CONTACT_SK)))
            .item();
    if (item == null || item.isEmpty() || !clientId.equals(str(item, CLIENT_ID)))
      return Optional.empty();
    Role role = Role.fromWire(str(item, ROLE)).orElseThrow();
    Update contactUpdate =
        Update.builder()
            .tableName(table)
            .key(Tables.key(Keys.contactPk(tenantId, email), Keys.CONTACT_SK))
            // The contact may have moved company since the read: then it is no longer this client's
            // to change.
            .conditionExpression("clientId = :c")
            .updateExpression("SET active = :a")
            .expressionAttributeValues(Map.of(":c", s(clientId), ":a", bool(active)))
            .build();
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder().update(contactUpdate).build(),
                  putMember(new Member(email, tenantId, clientId, role, active))));
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0)) return Optional.empty();
      throw e;
    }
    AttributeValue suppressed = item.get(DynamoMailStore.SUPPRESSED);
    return Optional.of(
        new Contact(
            str(item, EMAIL),
            str(item, NAME),
            clientId,
            role,
            instant(item, CREATED_AT),
            suppressed == null || !suppressed.hasM()
                ? null
                : DynamoMailStore.suppressionFrom(suppressed.m()),
            active));
  }

  @Override
  public void createTenant(TenantSettings settings, String name, Staff admin) {
    Map<String, AttributeValue> tenant = new HashMap<>();
    tenant.put(Keys.PK, s(Keys.tenantPk(settings.tenantId())));
    tenant.put(Keys.SK, s(Keys.TENANT_SK));
    tenant.put(TYPE, s("tenant"));
    tenant.put(NAME, s(name));
    tenant.put(TICKET_PREFIX, s(settings.ticketPrefix()));
    tenant.put(ZONE_ID, s(settings.zone().getId()));
    Member member =
        new Member(admin.email(), settings.tenantId(), null, admin.role(), admin.active());
    try {
      db.transactWriteItems(
          r ->
              r.transactItems(
                  tables.putNew(tenant),
                  tables.putNew(staffItem(settings.tenantId(), admin)),
                  tables.putNew(memberItem(member))));
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0))
        throw new PortalException.Conflict("a tenant with this id exists already");
      if (Tables.conditionFailedAt(e, 1) || Tables.conditionFailedAt(e, 2)) {
        throw new PortalException.Conflict("the admin is a member of this tenant already");
      }
      throw e;
    }
  }

  /**
   * A membership is what its contact or staff item says: written whole, so it never lags a changed
   * role.
   */
  private TransactWriteItem putMember(Member m) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(memberItem(m)).build())
        .build();
  }
}
