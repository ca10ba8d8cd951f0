package dev.portal.fn.tenantadmin;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Role;
import dev.portal.shared.email.MailboxService;
import dev.portal.shared.http.EmailViews;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.DeskService;
import dev.portal.shared.service.DirectoryService;
import dev.portal.shared.domain.Group;
import dev.portal.shared.store.MailStore;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/** Setting up the tenant: client companies, their contacts, and the support mailboxes (contracts join here later). */
public class TenantAdminFunction extends ApiFunction {
  private static final List<String> CONTACT_ROLES = List.of("client", "client_admin");

  @Inject DirectoryService directory;
  @Inject MailboxService mailboxes;
  @Inject DeskService desk;

  public TenantAdminFunction() {}

  public TenantAdminFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/clients", Route.ADMINS, this::createClient),
        Route.get("/v1/clients", Route.STAFF, this::clients),
        Route.get("/v1/clients/{id}", Route.STAFF, this::client),
        Route.post("/v1/clients/{id}/contacts", Route.ADMINS, this::addContact),
        Route.get("/v1/clients/{id}/contacts", Route.STAFF, this::contacts),
        Route.post("/v1/mailboxes", Route.ADMINS, this::registerMailbox),
        Route.get("/v1/mailboxes", Route.STAFF, this::mailboxes),
        Route.get("/v1/mail-domains/{domain}", Route.ADMINS, this::mailDomainChallenge),
        Route.patch("/v1/clients/{id}", Route.ADMINS, this::changeClient),
        Route.post("/v1/groups", Route.ADMINS, this::createGroup),
        Route.get("/v1/groups", Route.STAFF, this::groups),
        Route.patch("/v1/me/notifications", Route.EVERYONE, this::notifications));
  }

  private ApiResponse createClient(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String name = body.text("name", 1, Caps.NAME, true, true);
    List<String> domains = body.domains("emailDomains", Caps.CLIENT_DOMAINS);
    String accountManager = body.email("accountManagerId", false);
    body.done();
    var client = directory.createClient(request.caller(), name, domains, accountManager, request.recording(this::created));
    return created(client).recordedInTransaction();
  }

  private ApiResponse created(Client client) {
    return ApiResponse.json(201, json().write(Views.client(client))).withHeader("location", "/v1/clients/" + client.id());
  }

  /** The account manager: a staff email sets it, null removes it. */
  private ApiResponse changeClient(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    boolean given = body.has("accountManagerId");
    String accountManager = body.isNull("accountManagerId") ? null : body.email("accountManagerId", false);
    if (!given) body.error("accountManagerId", "is required (null removes the account manager)");
    body.done();
    var client = directory.setAccountManager(request.caller(), request.pathParam("id"), accountManager);
    return ApiResponse.json(200, json().write(Views.client(client)));
  }

  private ApiResponse createGroup(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String name = body.text("name", 1, Caps.NAME, true, true);
    List<String> members = body.emails("members", Caps.GROUP_MEMBERS);
    Boolean isDefault = body.bool("default");
    body.done();
    var group = desk.createGroup(request.caller(), name, members, isDefault != null && isDefault,
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

  /** Each kind of mail the caller may turn off ({@code false}) or on again ({@code true}); the answer lists them all. */
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
    return ApiResponse.json(200, json().write(Views.client(directory.client(request.caller(), request.pathParam("id")))));
  }

  private ApiResponse addContact(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String email = body.email("email", true);
    String name = body.text("name", 1, Caps.NAME, true, true);
    Role role = body.choice("role", Role::fromWire, CONTACT_ROLES, true);
    if (role != null && role != Role.CLIENT && role != Role.CLIENT_ADMIN) body.error("role", "must be one of client, client_admin");
    body.done();
    var contact = directory.addContact(request.caller(), request.pathParam("id"), email, name, role,
        request.recording(this::added));
    return added(contact).recordedInTransaction();
  }

  private ApiResponse added(Contact contact) {
    return ApiResponse.json(201, json().write(Views.contact(contact)));
  }

  private ApiResponse contacts(ApiRequest request) {
    var page = directory.contacts(request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::contact)));
  }

  /** 201 for a new mailbox, 200 when the tenant had registered the address already; 409 when another tenant has. */
  private ApiResponse registerMailbox(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String address = body.email("address", true);
    body.done();
    var registered = mailboxes.register(request.caller(), address, request.recording(this::registered));
    // Only a new mailbox was written, with its answer; the tenant's existing one is answered without a write.
    return registered.created() ? registered(registered).recordedInTransaction() : registered(registered);
  }

  private ApiResponse registered(MailStore.Registered registered) {
    return ApiResponse.json(registered.created() ? 201 : 200, json().write(EmailViews.mailbox(registered.mailbox())));
  }

  /** The DNS TXT record that proves a customer domain for this tenant (the platform subdomain needs none). */
  private ApiResponse mailDomainChallenge(ApiRequest request) {
    String domain = request.pathParam("domain");
    if (domain == null || !domain.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
      throw new dev.portal.shared.error.PortalException.Invalid("domain", "is not a domain name");
    }
    var c = mailboxes.challenge(request.caller(), domain);
    return ApiResponse.json(200, json().write(new EmailViews.MailDomainChallengeView(c.domain(), "TXT", c.recordName(),
        c.recordValue())));
  }

  private ApiResponse mailboxes(ApiRequest request) {
    var page = mailboxes.mailboxes(request.caller(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, EmailViews::mailbox)));
  }
}
