package dev.portal.shared.upload;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.service.Ids;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.BlobCopies;
import dev.portal.shared.store.BlobHeads;
import dev.portal.shared.store.BlobLinks;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files attached from the portal: the browser uploads straight to S3 through a presigned PUT for a
 * key we chose, then confirms; only a confirmation that finds the declared object (HeadObject: its
 * size and type) records the attachment and its {@code attachment_added} event, once.
 */
public final class UploadService {
  /** The largest file (the 25 MB). */
  public static final long MAX_SIZE = 25_000_000L;

  /** Uploads started per ticket, confirmed or not: each costs an item and maybe an object. */
  public static final int MAX_PER_TICKET = 50;

  /** The longest file name taken in (stored cut to {@link FileNames#MAX_CODE_POINTS}). */
  public static final int MAX_NAME_INPUT = 1024;

  public static final int MAX_TYPE = 127;

  /** A bare media type (RFC 6838 names, lower case): it is signed into the upload as sent. */
  public static final java.util.regex.Pattern CONTENT_TYPE =
      java.util.regex.Pattern.compile(
          "[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}");

  /** How long the presigned PUT is good for: long enough for 25 MB on a slow line, no longer. */
  public static final Duration UPLOAD_TTL = Duration.ofMinutes(10);

  /** An unconfirmed upload's item is removed by the table's TTL after this. */
  static final Duration PENDING_RETENTION = Duration.ofDays(1);

  /**
   * Types a browser may render from our link; anything else is served as {@code
   * application/octet-stream} (HTML, SVG and scripts would run in S3's origin).
   */
  static final Set<String> RENDERED =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "application/pdf");

  private final TicketService tickets;
  private final MailStore store;
  private final BlobLinks links;
  private final BlobHeads heads;
  private final BlobCopies copies;
  private final String bucket;
  private final Clock clock;

  public UploadService(
      TicketService tickets,
      MailStore store,
      BlobLinks links,
      BlobHeads heads,
      BlobCopies copies,
      String bucket,
      Clock clock) {
    this.tickets = tickets;
    this.store = store;
    this.links = links;
    this.heads = heads;
    this.copies = copies;
    this.bucket = bucket;
    this.clock = clock;
  }

  /** A presigned upload and the headers it must be sent with. */
  public record Started(
      String id, URI uploadUrl, Map<String, String> uploadHeaders, Instant expiresAt) {}

  /** A confirmed upload and the event that put it in the timeline. */
  public record Stored(TicketAttachment attachment, String eventId) {}

  /**
   * Starts an upload on a ticket the caller may comment on; {@code internal} (staff only) hides it
   * from client roles. The name is stored sanitised ({@link FileNames}); the caller's fields are
   * checked by the handler.
   */
  public Started start(
      Caller caller,
      String ticketRef,
      String fileName,
      String contentType,
      long size,
      boolean internal) {
    if (internal && !caller.isStaff()) {
      throw new PortalException.Invalid("internal", "only agents attach internal files");
    }
    Ticket ticket = tickets.get(caller, ticketRef);
    if (!caller.isStaff()) TicketService.requireNotClosed(ticket);
    String id = "up_" + Ids.random(20);
    String key = Keys.uploadObjectKey(caller.tenantId(), ticket.seq(), id);
    TicketAttachment a =
        new TicketAttachment(
            id,
            ticket.seq(),
            FileNames.sanitise(fileName),
            contentType,
            size,
            bucket,
            key,
            !internal);
    Instant now = clock.instant();
    if (!store.startUpload(
        caller.tenantId(), a, caller.email(), now.plus(PENDING_RETENTION), MAX_PER_TICKET)) {
      throw new PortalException.Conflict(
          "the ticket has " + MAX_PER_TICKET + " uploads already, the most it takes");
    }
    URI url =
        links.presignedPut(
            bucket,
            Keys.pendingUploadObjectKey(caller.tenantId(), ticket.seq(), id),
            UPLOAD_TTL,
            contentType,
            size);
    return new Started(id, url, Map.of("Content-Type", contentType), now.plus(UPLOAD_TTL));
  }

  /**
   * Confirms an upload: the object must be there with the declared size and type, or a Conflict
   * says what is wrong and nothing is recorded. A second confirmation answers as the first did.
   */
  public Stored complete(Caller caller, String ticketRef, String attachmentId) {
    Ticket ticket = tickets.get(caller, ticketRef);
    Upload upload = visibleUpload(caller, ticket, attachmentId);
    TicketAttachment a = upload.attachment();
    if (!upload.pending()) {
      if (upload.eventId() == null) {
        throw new PortalException.Conflict("this attachment came by mail; there is no upload");
      }
      return new Stored(a, upload.eventId());
    }
    // The browser PUT the file under uploads/ (which expires); a confirmation copies it to the
    // attachment's key. Found there already: an earlier confirmation copied it and failed before
    // recording (or the upload was started before pending uploads had a prefix of their own).
    String pendingKey = Keys.pendingUploadObjectKey(caller.tenantId(), ticket.seq(), a.id());
    Optional<BlobHeads.Head> pending = heads.head(a.bucket(), pendingKey);
    Optional<BlobHeads.Head> found =
        pending.isPresent() ? pending : heads.head(a.bucket(), a.key());
    BlobHeads.Head head =
        found.orElseThrow(
            () ->
                new PortalException.Conflict(
                    "nothing has been uploaded yet: PUT the file to uploadUrl first"));
    if (head.size() != a.size() || head.size() > MAX_SIZE) {
      throw new PortalException.Conflict(
          "the uploaded file has "
              + head.size()
              + " bytes, not the "
              + a.size()
              + " declared; start a new upload");
    }
    if (head.contentType() != null && !sameType(head.contentType(), a.mimeType())) {
      throw new PortalException.Conflict(
          "the uploaded file is " + head.contentType() + ", not the declared " + a.mimeType());
    }
    if (pending.isPresent() && !copies.copy(a.bucket(), pendingKey, a.key())) {
      throw new PortalException.Conflict(
          "the upload is gone (unconfirmed uploads expire after a day); start a new upload");
    }
    Map<String, Object> data =
        EventData.attachmentAdded(a.id(), a.filename(), a.mimeType(), a.size(), false);
    try {
      TicketEvent event =
          tickets.recordBeside(
              caller,
              ticket,
              new TicketService.EventDraft(EventType.ATTACHMENT_ADDED, a.isPublic(), data),
              e -> List.of(new TicketStore.Also.UploadStored(ticket.seq(), a.id(), e.id())));
      if (pending.isPresent()) dropPending(a.bucket(), pendingKey);
      return new Stored(a, event.id());
    } catch (TicketStore.ClaimLost raced) {
      // Another confirmation of the same upload committed first: answer with its event.
      Upload done = visibleUpload(caller, ticket, attachmentId);
      if (done.pending() || done.eventId() == null) throw raced;
      return new Stored(done.attachment(), done.eventId());
    }
  }

  /**
   * The pending copy is no longer needed once the attachment is recorded; a failure to delete it
   * costs a day of storage (the lifecycle rule takes it), never the confirmation.
   */
  private void dropPending(String bucket, String key) {
    try {
      copies.delete(bucket, key);
    } catch (RuntimeException e) {
      JsonLog.warn("pending upload not deleted; the lifecycle rule will", "error", e.toString());
    }
  }

  private Upload visibleUpload(Caller caller, Ticket ticket, String attachmentId) {
    return store
        .upload(caller.tenantId(), ticket.seq(), attachmentId)
        .filter(u -> u.attachment().isPublic() || caller.isStaff())
        .orElseThrow(() -> new PortalException.NotFound("no such attachment"));
  }

  private static boolean sameType(String stored, String declared) {
    int semi = stored.indexOf(';');
    String bare = (semi < 0 ? stored : stored.substring(0, semi)).strip();
    return bare.equalsIgnoreCase(declared);
  }

  /**
   * The type a download is served with: the stored one when browsers render it harmlessly, else
   * {@code application/octet-stream}, so an uploaded page or SVG never runs as one.
   */
  public static String servedType(String stored) {
    if (stored == null) return "application/octet-stream";
    String bare = stored.strip().toLowerCase(java.util.Locale.ROOT);
    return RENDERED.contains(bare) ? bare : "application/octet-stream";
  }
}
