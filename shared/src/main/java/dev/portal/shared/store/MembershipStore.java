package dev.portal.shared.store;

import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Member;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import java.util.List;
import java.util.Optional;

/**
 * Who may sign in as what: staff items, the membership items the pre-token-generation trigger
 * reads, contacts' activation, and tenant onboarding (docs/data-model.md, "Membership").
 */
public interface MembershipStore {
  /**
   * At most this many memberships of one email are read; a person is a member of one tenant, rarely
   * a few.
   */
  int MAX_MEMBERSHIPS = 10;

  /** The email's memberships across tenants, one Query on the member partition. */
  List<Member> memberships(String email);

  /**
   * The staff item and its membership in one transaction. @throws
   * dev.portal.shared.error.PortalException.Conflict
   */
  void createStaff(String tenantId, Staff staff);

  Optional<Staff> staff(String tenantId, String email);

  Page<Staff> staff(String tenantId, int limit, String cursor);

  /**
   * Changes the given fields (null: unchanged) of the staff item and its membership together;
   * empty: no such staff.
   */
  Optional<Staff> updateStaff(
      String tenantId, String email, Boolean active, Role role, String name);

  /**
   * Activates or deactivates a contact of {@code clientId} and its membership together; empty: no
   * such contact.
   */
  Optional<Contact> setContactActive(
      String tenantId, String clientId, String email, boolean active);

  /**
   * Onboards a tenant: its settings item (with {@code name}), its first admin's staff item and
   * membership, in one transaction. @throws dev.portal.shared.error.PortalException.Conflict when
   * the tenant exists already
   */
  void createTenant(TenantSettings settings, String name, Staff admin);
}
