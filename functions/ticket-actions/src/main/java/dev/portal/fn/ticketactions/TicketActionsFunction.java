package dev.portal.fn.ticketactions;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.Times;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.TicketChange;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.service.WatcherService;
import dev.portal.shared.upload.UploadService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What clients and agents do to a ticket: comment, change status or priority, rate, attach files (a
 * presigned upload, then its confirmation), choose who is copied on it (watchers). A public agent
 * comment and a resolution owe the requester a mail: their events say so in the ticket's own write,
 * and the table's stream takes it from there (dev.portal.shared.email.Outbox).
 */
public class TicketActionsFunction extends ApiFunction {

  @Inject TicketService tickets;

  @Inject WatcherService watchers;

  /** Null where ATTACHMENTS_BUCKET is unset; the stack always sets it. */
  @Inject @Nullable UploadService uploads;

  public TicketActionsFunction() {}

  public TicketActionsFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/tickets/{id}/comments", Route.EVERYONE, this::comment),
        Route.patch("/v1/tickets/{id}", Route.STAFF, this::change),
        Route.post(
            "/v1/tickets/{id}/rating", EnumSet.of(Role.CLIENT, Role.CLIENT_ADMIN), this::rate),
        Route.post("/v1/tickets/{id}/attachments", Route.EVERYONE, this::startUpload),
        Route.post(
            "/v1/tickets/{id}/attachments/{attachmentId}/complete",
            Route.EVERYONE,
            this::completeUpload),
        Route.get("/v1/tickets/{id}/watchers", Route.EVERYONE, this::watchers),
        Route.put("/v1/tickets/{id}/watchers/{email}", Route.EVERYONE, this::addWatcher),
        Route.delete("/v1/tickets/{id}/watchers/{email}", Route.EVERYONE, this::removeWatcher));
  }

  private ApiResponse watchers(ApiRequest request) {
    var list = watchers.list(request.caller(), request.pathParam("id"));
    return ApiResponse.json(200, json().write(Views.watchers(list)));
  }

  /** 201 with the watcher when they are new, 200 when they watched already; no body needed. */
  private ApiResponse addWatcher(ApiRequest request) {
    noBody(request);
    String email = request.pathParam("email");
    if (!isEmail(email)) throw new PortalException.Invalid("email", "is not an email address");
    var added = watchers.add(request.caller(), request.pathParam("id"), email);
    return ApiResponse.json(
            added.created() ? 201 : 200, json().write(Views.watcher(added.watcher())))
        .withHeader("location", "/v1/tickets/" + request.pathParam("id") + "/watchers");
  }

  private ApiResponse removeWatcher(ApiRequest request) {
    String email = request.pathParam("email");
    if (!isEmail(email)) throw new PortalException.NotFound("no such watcher");
    watchers.remove(request.caller(), request.pathParam("id"), email);
    return new ApiResponse(204, Map.of(), null);
  }

  /** One address as a path segment carries it: no blanks, one {@code @}, at most 254 chars. */
  private static boolean isEmail(String s) {
    return s != null && s.length() <= 254 && s.matches("[^@\\s]+@[^@\\s]+");
  }

  /** A route that needs no body takes an empty object at most (unknown fields are a 400). */
  private void noBody(ApiRequest request) {
    if (request.body() != null && request.body().length > 0) {
      JsonFields.of(json().parse(request.body())).done();
    }
  }

  private ApiResponse startUpload(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String fileName = body.requiredTextAsIs("fileName", 1, UploadService.MAX_NAME_INPUT);
    String contentType = body.requiredText("contentType", 3, UploadService.MAX_TYPE);
    if (contentType != null) {
      contentType = contentType.toLowerCase(Locale.ROOT);
      if (!UploadService.CONTENT_TYPE.matcher(contentType).matches()) {
        body.error("contentType", "must be a media type such as image/png, without parameters");
      }
    }
    Long size = body.whole("size", 1, UploadService.MAX_SIZE, true);
    Boolean internal = body.bool("internal");
    body.done();
    var started =
        uploads()
            .start(
                request.caller(),
                request.pathParam("id"),
                fileName,
                contentType,
                size,
                Boolean.TRUE.equals(internal));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", started.id());
    view.put("uploadUrl", started.uploadUrl().toString());
    view.put("uploadHeaders", started.uploadHeaders());
    view.put("expiresAt", Times.iso(started.expiresAt()));
    return ApiResponse.json(201, json().write(view))
        .withHeader("cache-control", "no-store")
        .withHeader(
            "location", "/v1/tickets/" + request.pathParam("id") + "/attachments/" + started.id());
  }

  private ApiResponse completeUpload(ApiRequest request) {
    noBody(request);
    var stored =
        uploads()
            .complete(request.caller(), request.pathParam("id"), request.pathParam("attachmentId"));
    TicketAttachment a = stored.attachment();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", a.id());
    view.put("fileName", a.filename());
    view.put("contentType", a.mimeType());
    view.put("size", a.size());
    view.put("internal", !a.isPublic());
    view.put("eventId", stored.eventId());
    return ApiResponse.json(200, json().write(view));
  }

  private UploadService uploads() {
    if (uploads == null) throw new IllegalStateException("ATTACHMENTS_BUCKET is not set");
    return uploads;
  }

  private ApiResponse comment(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String text = body.requiredTextAsIs("body", 1, Caps.TEXT);
    Boolean isPublic = body.bool("public");
    body.done();
    var applied =
        tickets.comment(
            request.caller(),
            request.pathParam("id"),
            text,
            isPublic == null || isPublic,
            request.recording(this::commented));
    return commented(applied).recordedInTransaction();
  }

  private ApiResponse commented(TicketService.Applied applied) {
    TicketEvent comment = applied.events().getLast();
    return ApiResponse.json(201, json().write(Views.event(comment)))
        .withHeader("location", "/v1/tickets/" + applied.ticket().id() + "/events");
  }

  private ApiResponse change(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    TicketStatus status = body.choice("status", List.of(TicketStatus.values()), false);
    Priority priority = body.choice("priority", List.of(Priority.values()), false);
    // assigneeId / groupId: a value moves the ticket there, null takes it away, absent leaves it.
    boolean setAssignee = body.has("assigneeId");
    String assignee = body.isNull("assigneeId") ? null : body.email("assigneeId", false);
    boolean setGroup = body.has("groupId");
    String group = body.isNull("groupId") ? null : body.optionalText("groupId", 1, Caps.ID);
    String note = body.optionalText("note", 1, Caps.NOTE);
    if (note != null && !setAssignee && !setGroup)
      body.error("note", "explains a move: give assigneeId or groupId with it");
    if (status == null && priority == null && !setAssignee && !setGroup) {
      body.error("status", "give status, priority, assigneeId or groupId");
    }
    body.done();
    TicketChange.Routing routing =
        setAssignee || setGroup
            ? new TicketChange.Routing(setAssignee, assignee, setGroup, group, note)
            : null;
    var ticket =
        tickets.change(
            request.caller(), request.pathParam("id"), new TicketChange(status, priority, routing));
    return ApiResponse.json(200, json().write(Views.ticket(ticket, now())));
  }

  private ApiResponse rate(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    Integer score = body.integer("score", 1, 5, true);
    String comment = body.optionalText("comment", 0, Caps.NOTE);
    body.done();
    var ticket =
        tickets.rate(
            request.caller(),
            request.pathParam("id"),
            score,
            comment,
            request.recording(this::rated));
    return rated(ticket).recordedInTransaction();
  }

  private ApiResponse rated(Ticket ticket) {
    return ApiResponse.json(201, json().write(Views.ticket(ticket, now())));
  }
}
