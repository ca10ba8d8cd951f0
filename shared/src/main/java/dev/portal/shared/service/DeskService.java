package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Group;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.DeskStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotentResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The agent's desk: queues (groups) and who gets which mail. */
public final class DeskService {
  /**
   * Attempts to create a default group while others move the tenant's default at the same moment.
   */
  private static final int ATTEMPTS = 3;

  private final DeskStore desk;
  private final DirectoryStore directory;
  private final Clock clock;

  public DeskService(DeskStore desk, DirectoryStore directory, Clock clock) {
    this.desk = desk;
    this.directory = directory;
    this.clock = clock;
  }

  /** A new group; its members must be active staff members of the tenant. */
  public Group createGroup(
      Caller caller,
      String name,
      List<String> members,
      boolean isDefault,
      IdempotentResponse<Group> answer) {
    requireActiveStaff(caller.tenantId(), "members", members);
    Group group =
        new Group(
            Ids.groupId(),
            name,
            List.copyOf(new LinkedHashSet<>(members)),
            isDefault,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    for (int attempt = 1; ; attempt++) {
      String previous = isDefault ? desk.defaultGroup(caller.tenantId()) : null;
      try {
        desk.createGroup(caller.tenantId(), group, previous, answer.completedBy(group));
        return group;
      } catch (DeskStore.DefaultMoved moved) {
        if (attempt == ATTEMPTS)
          throw new PortalException.Conflict(
              "the default group changed at the same moment; try again");
      }
    }
  }

  public Page<Group> groups(Caller caller, int limit, String cursor) {
    return desk.groups(caller.tenantId(), limit, cursor);
  }

  /**
   * Checks that each email names an active staff member of the tenant (one read each; lists are
   * capped small).
   *
   * @param field the request field the emails came in, for the error
   */
  void requireActiveStaff(String tenantId, String field, List<String> emails) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < emails.size(); i++) {
      Optional<Staff> staff = directory.staff(tenantId, emails.get(i));
      if (staff.isEmpty() || !staff.get().active()) {
        errors.add(
            new FieldError(field + "[" + i + "]", "is not an active staff member of the tenant"));
      }
    }
    if (!errors.isEmpty()) throw new PortalException.Invalid(errors);
  }

  /**
   * The kinds of mail a caller may turn off: staff their notifications, contacts the mails about
   * their tickets.
   */
  public static Set<String> kindsFor(Caller caller) {
    return caller.isStaff() ? OutboundMail.STAFF_KINDS : OutboundMail.REQUESTER_KINDS;
  }

  /**
   * Every kind of mail the caller may choose, with whether it is on now (one GetItem); nobody's
   * choices are on until they turn one off.
   */
  public Map<String, Boolean> notifications(Caller caller) {
    Set<String> muted = desk.mutedKinds(caller.tenantId(), requireEmail(caller));
    return choicesView(kindsFor(caller), muted);
  }

  private static String requireEmail(Caller caller) {
    if (caller.email() == null) {
      // Nothing in the request can fix it: the token lacks the claim (a machine client's token).
      throw new PortalException.Forbidden("your token carries no email to keep choices for");
    }
    return caller.email();
  }

  private static Map<String, Boolean> choicesView(Set<String> allowed, Set<String> muted) {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    for (String kind : allowed) out.put(kind, !muted.contains(kind));
    return out;
  }

  /**
   * Turns kinds of mail on ({@code true}) and off ({@code false}) for the caller, by their token's
   * email.
   *
   * @return every kind the caller may choose, with whether it is on now
   */
  public Map<String, Boolean> setNotifications(Caller caller, Map<String, Boolean> choices) {
    String email = requireEmail(caller);
    Set<String> allowed = kindsFor(caller);
    List<FieldError> errors = new ArrayList<>();
    Set<String> on = new TreeSet<>();
    Set<String> off = new TreeSet<>();
    choices.forEach(
        (kind, value) -> {
          if (!allowed.contains(kind)) {
            errors.add(
                new FieldError(
                    kind,
                    "is not a notification "
                        + (caller.isStaff() ? "staff" : "contacts")
                        + " can choose; they are "
                        + String.join(", ", new TreeSet<>(allowed))));
          } else if (value) {
            on.add(kind);
          } else {
            off.add(kind);
          }
        });
    if (!errors.isEmpty()) throw new PortalException.Invalid(errors);
    return choicesView(allowed, desk.setMuted(caller.tenantId(), email, on, off));
  }
}
