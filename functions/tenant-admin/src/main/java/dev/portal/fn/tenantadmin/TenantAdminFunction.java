package dev.portal.fn.tenantadmin;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Group;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.email.MailboxService;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.EmailViews;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.SnapStartPriming;
import dev.portal.shared.http.SnapStartPriming.Read;
import dev.portal.shared.http.Views;
import dev.portal.shared.http.WebhookViews;
import dev.portal.shared.service.DeskService;
import dev.portal.shared.service.DirectoryService;
import dev.portal.shared.service.MembershipService;
import dev.portal.shared.service.TenantService;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.webhook.Webhook;
import dev.portal.shared.webhook.WebhookEvent;
import dev.portal.shared.webhook.WebhookService;
import dev.portal.shared.webhook.WebhookTargets;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Setting up the tenant: its settings, webhooks, client companies, their contacts, staff, the
 * support mailboxes, and onboarding a tenant (the platform operator's one route). Membership
 * changes live here because each is a change of a contact or staff item of this function's, written
 * with its membership in one transaction (MembershipService).
 */
public class TenantAdminFunction extends ApiFunction {
  private static final List<Role> CONTACT_ROLES = List.of(Role.CLIENT, Role.CLIENT_ADMIN);
  private static final List<Role> STAFF_ROLES = List.of(Role.AGENT, Role.ADMIN);

  /** Ticket numbers read {@code <prefix>-<n>}: a short upper-case word. */
  private static final java.util.regex.Pattern TICKET_PREFIX =
      java.util.regex.Pattern.compile("[A-Z][A-Z0-9]{1,9}");

  /**
   * The tenant id platform operators' memberships name (docs/deploy.md): never a tenant of its own.
   */
  static final String PLATFORM_TENANT = "platform";

  @Inject DirectoryService directory;
  @Inject MembershipService membership;
  @Inject MailboxService mailboxes;
  @Inject WebhookService webhooks;
  @Inject TenantService tenants;
  @Inject DeskService desk;

  public TenantAdminFunction() {}

  public TenantAdminFunction(ApplicationContext context) {
    super(context);
  }

  /** The client list, as staff reads it. */
  @Override
  protected List<Read> primingReads() {
    return List.of(Read.staff("/v1/clients"));
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/clients", Route.ADMINS, this::createClient),
        Route.get("/v1/clients", Route.STAFF, this::clients),
        Route.get("/v1/clients/{id}", Route.STAFF, this::client),
        Route.post("/v1/clients/{id}/contacts", Route.ADMINS_AND_CLIENT_ADMINS, this::addContact),
        Route.get("/v1/clients/{id}/contacts", CONTACT_READERS, this::contacts),
        Route.patch(
            "/v1/clients/{id}/contacts/{email}",
            Route.ADMINS_AND_CLIENT_ADMINS,
            this::changeContact),
        Route.post("/v1/staff", Route.ADMINS, this::addStaff),
        Route.get("/v1/staff", Route.STAFF, this::staff),
        Route.patch("/v1/staff/{email}", Route.ADMINS, this::changeStaff),
        Route.post("/v1/tenants", Route.PLATFORM, this::createTenant),
        Route.post("/v1/mailboxes", Route.ADMINS, this::registerMailbox),
        Route.get("/v1/mailboxes", Route.STAFF, this::mailboxes),
        Route.get("/v1/mail-domains/{domain}", Route.ADMINS, this::mailDomainChallenge),
        Route.post("/v1/webhooks", Route.ADMINS, this::createWebhook),
        Route.get("/v1/webhooks", Route.ADMINS, this::webhooks),
        Route.delete("/v1/webhooks/{id}", Route.ADMINS, this::deleteWebhook),
        Route.get("/v1/webhooks/{id}/deliveries", Route.ADMINS, this::deliveries),
        Route.get("/v1/tenant", Route.EVERYONE, this::tenant),
        Route.patch("/v1/tenant", Route.ADMINS, this::changeTenant),
        Route.patch("/v1/clients/{id}", Route.ADMINS, this::changeClient),
        Route.post("/v1/groups", Route.ADMINS, this::createGroup),
        Route.get("/v1/groups", Route.STAFF, this::groups),
        Route.get("/v1/me/notifications", Route.EVERYONE, this::myNotifications),
        Route.patch("/v1/me/notifications", Route.EVERYONE, this::notifications));
  }

  private ApiResponse createClient(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String name = body.requiredText("name", 1, Caps.NAME);
    List<String> domains = body.domains("emailDomains", Caps.CLIENT_DOMAINS);
    String accountManager = body.email("accountManagerId", false);
    body.done();
    var client =
        directory.createClient(
            request.caller(), name, domains, accountManager, request.recording(this::created));
    return created(client).recordedInTransaction();
  }

  private static final java.util.Set<Role> CONTACT_READERS =
      java.util.EnumSet.of(Role.AGENT, Role.ADMIN, Role.CLIENT_ADMIN);

  /**
   * {active} (and nothing else: a contact's company and role are the admin's to set when adding
   * them).
   */
  private ApiResponse changeContact(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    Boolean active = body.bool("active");
    if (active == null && !body.hasErrors()) body.error("active", "is required");
    body.done();
    Contact contact =
        membership.setContactActive(
            request.caller(), request.pathParam("id"), pathEmail(request), active);
    return ApiResponse.json(200, json().write(Views.contact(contact)));
  }

  private ApiResponse addStaff(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String email = body.email("email", true);
    String name = body.requiredText("name", 1, Caps.NAME);
    Role role = body.choice("role", STAFF_ROLES, true);
    body.done();
    Staff staff = membership.addStaff(request.caller(), email, name, role);
    return ApiResponse.json(201, json().write(Views.staff(staff)))
        .withHeader(
            "location",
            "/v1/staff/"
                + java.net.URLEncoder.encode(
                    staff.email(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private ApiResponse staff(ApiRequest request) {
    var page = membership.staff(request.caller(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::staff)));
  }

  private ApiResponse changeStaff(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    Boolean active = body.bool("active");
    Role role = body.choice("role", STAFF_ROLES, false);
    String name = body.optionalText("name", 1, Caps.NAME);
    if (active == null && role == null && name == null && !body.hasErrors()) {
      body.error("body", "names none of active, role, name");
    }
    body.done();
    Staff staff = membership.updateStaff(request.caller(), pathEmail(request), active, role, name);
    return ApiResponse.json(200, json().write(Views.staff(staff)));
  }

  /** The platform operator onboards a tenant and invites its first admin. */
  private ApiResponse createTenant(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String id = body.requiredTextAsIs("id", 1, 64);
    // Neither the operators' own tenant id nor the one SnapStart priming reads as: priming's lists
    // would page through a real tenant's items and seal a cursor with the secret into the snapshot.
    if (id != null
        && (!dev.portal.shared.http.Claims.isId(id)
            || PLATFORM_TENANT.equals(id)
            || SnapStartPriming.TENANT.equals(id))) {
      body.error(
          "id",
          "must be 1-64 letters, digits, _ or -, starting with a letter or digit (not \"platform\""
              + " or \""
              + SnapStartPriming.TENANT
              + "\")");
    }
    String name = body.requiredText("name", 1, Caps.NAME);
    String prefix = body.requiredTextAsIs("ticketPrefix", 2, 10);
    if (prefix != null && !TICKET_PREFIX.matcher(prefix).matches()) {
      body.error(
          "ticketPrefix", "must be 2-10 upper-case letters or digits, starting with a letter");
    }
    String timeZone = body.requiredTextAsIs("timeZone", 1, 64);
    java.time.ZoneId zone = null;
    if (timeZone != null) {
      if (java.time.ZoneId.getAvailableZoneIds().contains(timeZone))
        zone = java.time.ZoneId.of(timeZone);
      else body.error("timeZone", "must be an IANA time zone such as Europe/Berlin");
    }
    String adminEmail = body.email("adminEmail", true);
    body.done();
    membership.onboardTenant(id, name, prefix, zone, adminEmail);
    return ApiResponse.json(
            201,
            json()
                .write(
                    new Views.OnboardedTenantView(
                        id,
                        name,
                        prefix,
                        zone.getId(),
                        dev.portal.shared.store.Keys.normalizeEmail(adminEmail))))
        .withHeader("location", "/v1/tenants/" + id);
  }

  private static String pathEmail(ApiRequest request) {
    String email = request.pathParam("email");
    if (email == null || email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw new dev.portal.shared.error.PortalException.NotFound("no such person");
    }
    return email;
  }

  private ApiResponse created(Client client) {
    return ApiResponse.json(201, json().write(Views.client(client)))
        .withHeader("location", "/v1/clients/" + client.id());
  }

  /** The account manager: a staff email sets it, null removes it. */
  private ApiResponse changeClient(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    boolean given = body.has("accountManagerId");
    String accountManager =
        body.isNull("accountManagerId") ? null : body.email("accountManagerId", false);
    if (!given) body.error("accountManagerId", "is required (null removes the account manager)");
    body.done();
    var client =
        directory.setAccountManager(request.caller(), request.pathParam("id"), accountManager);
    return ApiResponse.json(200, json().write(Views.client(client)));
  }

  private ApiResponse createGroup(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String name = body.requiredText("name", 1, Caps.NAME);
    List<String> members = body.emails("members", Caps.GROUP_MEMBERS);
    Boolean isDefault = body.bool("default");
    body.done();
    var group =
        desk.createGroup(
            request.caller(),
            name,
            members,
            isDefault != null && isDefault,
            request.recording(this::groupCreated));
    return groupCreated(group).recordedInTransaction();
  }

  private ApiResponse groupCreated(Group group) {
    return ApiResponse.json(201, json().write(Views.group(group)));
  }

  private ApiResponse groups(ApiRequest request) {
    var page = desk.groups(request.caller(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::group)));
  }

  private ApiResponse myNotifications(ApiRequest request) {
    return ApiResponse.json(
        200, json().write(new Views.NotificationsView(desk.notifications(request.caller()))));
  }

  /**
   * Each kind of mail the caller may turn off ({@code false}) or on again ({@code true}); the
   * answer lists them all.
   */
  private ApiResponse notifications(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    var choices = body.booleans(20);
    body.done();
    var now = desk.setNotifications(request.caller(), choices);
    return ApiResponse.json(200, json().write(new Views.NotificationsView(now)));
  }

  private ApiResponse clients(ApiRequest request) {
    var page = directory.clients(request.caller(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::client)));
  }

  private ApiResponse client(ApiRequest request) {
    return ApiResponse.json(
        200,
        json().write(Views.client(directory.client(request.caller(), request.pathParam("id")))));
  }

  private ApiResponse addContact(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String email = body.email("email", true);
    String name = body.requiredText("name", 1, Caps.NAME);
    Role role = body.choice("role", CONTACT_ROLES, true);
    body.done();
    var contact =
        directory.addContact(
            request.caller(),
            request.pathParam("id"),
            email,
            name,
            role,
            request.recording(this::added));
    return added(contact).recordedInTransaction();
  }

  private ApiResponse added(Contact contact) {
    return ApiResponse.json(201, json().write(Views.contact(contact)));
  }

  private ApiResponse contacts(ApiRequest request) {
    var page =
        directory.contacts(
            request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::contact)));
  }

  /**
   * 201 for a new mailbox, 200 when the tenant had registered the address already; 409 when another
   * tenant has.
   */
  private ApiResponse registerMailbox(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String address = body.email("address", true);
    body.done();
    var registered =
        mailboxes.register(request.caller(), address, request.recording(this::registered));
    // Only a new mailbox was written, with its answer; the tenant's existing one is answered
    // without a write.
    return registered.created()
        ? registered(registered).recordedInTransaction()
        : registered(registered);
  }

  private ApiResponse registered(MailStore.Registered registered) {
    return ApiResponse.json(
        registered.created() ? 201 : 200, json().write(EmailViews.mailbox(registered.mailbox())));
  }

  /**
   * The DNS TXT record that proves a customer domain for this tenant (the platform subdomain needs
   * none).
   */
  private ApiResponse mailDomainChallenge(ApiRequest request) {
    String domain = request.pathParam("domain");
    if (domain == null || !domain.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
      throw new dev.portal.shared.error.PortalException.Invalid("domain", "is not a domain name");
    }
    var c = mailboxes.challenge(request.caller(), domain);
    return ApiResponse.json(
        200,
        json()
            .write(
                new EmailViews.MailDomainChallengeView(
                    c.domain(), "TXT", c.recordName(), c.recordValue())));
  }

  /**
   * Staff see every setting; a client's people what a portal needs (name, zone, language,
   * currency).
   */
  private ApiResponse tenant(ApiRequest request) {
    TenantSettings t = tenants.get(request.caller());
    return ApiResponse.json(
        200, json().write(request.caller().isStaff() ? Views.tenant(t) : Views.portalTenant(t)));
  }

  private ApiResponse changeTenant(ApiRequest request) {
    var change = TenantSettingsFields.read(JsonFields.of(json().parse(request.body())));
    return ApiResponse.json(
        200, json().write(Views.tenant(tenants.update(request.caller(), change))));
  }

  private ApiResponse mailboxes(ApiRequest request) {
    var page = mailboxes.mailboxes(request.caller(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, EmailViews::mailbox)));
  }

  /**
   * 201 with the secret, the only answer that shows it; the URL must be https and resolve to public
   * addresses only.
   */
  private ApiResponse createWebhook(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String url = body.requiredText("url", 1, WebhookTargets.MAX_URL);
    List<WebhookEvent> events = body.choices("events", List.of(WebhookEvent.values()), true);
    String secret =
        body.optionalTextAsIs("secret", WebhookService.MIN_SECRET, WebhookService.MAX_SECRET);
    if (secret != null && !secret.matches("[\\x21-\\x7e]+"))
      body.error("secret", "must be visible ASCII characters");
    body.done();
    Webhook created =
        webhooks.register(
            request.caller(), url, events, secret, request.recording(this::webhookCreated));
    return webhookCreated(created).recordedInTransaction();
  }

  private ApiResponse webhookCreated(Webhook w) {
    return ApiResponse.json(201, json().write(WebhookViews.created(w)))
        .withHeader("location", "/v1/webhooks/" + w.id());
  }

  private ApiResponse webhooks(ApiRequest request) {
    var all = webhooks.list(request.caller());
    return ApiResponse.json(
        200,
        json().write(new Views.PageView<>(all.stream().map(WebhookViews::webhook).toList(), null)));
  }

  private ApiResponse deleteWebhook(ApiRequest request) {
    webhooks.delete(request.caller(), request.pathParam("id"));
    return new ApiResponse(204, java.util.Map.of(), null);
  }

  private ApiResponse deliveries(ApiRequest request) {
    var page =
        webhooks.deliveries(
            request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, WebhookViews::delivery)));
  }
}
