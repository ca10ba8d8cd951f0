package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.identity.Invitations;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MembershipStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Staff, deactivation and tenant onboarding: every change of who may sign in as what goes through
 * here, and each writes the membership the pre-token trigger reads in the same transaction as its
 * staff or contact item.
 *
 * <p>An invitation is sent before the write, once the reads say the write will succeed: a failed
 * invitation then leaves nothing behind, and an invitation whose write lost a race grants nothing
 * (no membership, no claims). A retry invites again, which the provider treats as done.
 */
public final class MembershipService {
  private final MembershipStore members;
  private final DirectoryStore directory;
  private final Invitations invitations;
  private final Clock clock;

  public MembershipService(
      MembershipStore members, DirectoryStore directory, Invitations invitations, Clock clock) {
    this.members = members;
    this.directory = directory;
    this.invitations = invitations;
    this.clock = clock;
  }

  public Staff addStaff(Caller caller, String email, String name, Role role) {
    String id = Keys.normalizeEmail(email);
    if (members.staff(caller.tenantId(), id).isPresent()) {
      throw new PortalException.Conflict("a staff member with this email exists already");
    }
    if (directory.contact(caller.tenantId(), id).isPresent()) {
      throw new PortalException.Conflict("this email is a contact of the tenant already");
    }
    Staff staff = new Staff(id, name, role, true, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    invitations.invite(id, name);
    members.createStaff(caller.tenantId(), staff);
    return staff;
  }

  public Page<Staff> staff(Caller caller, int limit, String cursor) {
    return members.staff(caller.tenantId(), limit, cursor);
  }

  /**
   * Deactivating signs the person out everywhere; their ID token then lasts its lifetime at most.
   */
  public Staff updateStaff(Caller caller, String email, Boolean active, Role role, String name) {
    String id = Keys.normalizeEmail(email);
    if (id.equals(caller.email())
        && (Boolean.FALSE.equals(active) || (role != null && role != Role.ADMIN))) {
      // The last admin locking themselves out leaves a tenant nobody can administer.
      throw new PortalException.Conflict("an admin cannot deactivate or demote themselves");
    }
    Staff staff =
        members
            .updateStaff(caller.tenantId(), id, active, role, name)
            .orElseThrow(() -> new PortalException.NotFound("no such staff member"));
    if (!staff.active()) invitations.signOut(id);
    return staff;
  }

  /**
   * An admin for any client, a client_admin for their own company only (another company's: 404, as
   * if absent).
   */
  public Contact setContactActive(Caller caller, String clientId, String email, boolean active) {
    AccessPolicy.requireClientVisible(caller, clientId);
    String id = Keys.normalizeEmail(email);
    if (!caller.isStaff() && id.equals(caller.email()) && !active) {
      throw new PortalException.Conflict("a client_admin cannot deactivate themselves");
    }
    Contact contact =
        members
            .setContactActive(caller.tenantId(), clientId, id, active)
            .orElseThrow(() -> new PortalException.NotFound("no such contact"));
    if (!active) invitations.signOut(id);
    return contact;
  }

  /**
   * A new tenant and its first admin, invited. @throws PortalException.Conflict when the id is
   * taken
   */
  public TenantSettings onboardTenant(
      String tenantId, String name, String ticketPrefix, ZoneId zone, String adminEmail) {
    if (directory.tenant(tenantId).isPresent())
      throw new PortalException.Conflict("a tenant with this id exists already");
    String admin = Keys.normalizeEmail(adminEmail);
    TenantSettings settings = new TenantSettings(tenantId, ticketPrefix, zone);
    invitations.invite(admin, null);
    members.createTenant(
        settings,
        name,
        new Staff(admin, null, Role.ADMIN, true, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    return settings;
  }
}
