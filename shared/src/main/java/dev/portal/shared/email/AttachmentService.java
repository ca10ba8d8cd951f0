package dev.portal.shared.email;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.BlobLinks;
import dev.portal.shared.store.MailStore;
import java.net.URI;

/**
 * Links to a ticket's attachments (from mail, or confirmed uploads), for whoever may see the ticket
 * (and, for client roles, the event it came with). The link names the file only through a safe
 * Content-Disposition and serves it as its type only when browsers render that harmlessly.
 */
public final class AttachmentService {
  private final TicketService tickets;
  private final MailStore mail;
  private final BlobLinks blobs;

  public AttachmentService(TicketService tickets, MailStore mail, BlobLinks blobs) {
    this.tickets = tickets;
    this.mail = mail;
    this.blobs = blobs;
  }

  public URI link(Caller caller, String ticketRef, String attachmentId) {
    Ticket ticket = tickets.get(caller, ticketRef);
    TicketAttachment a =
        mail.attachment(caller.tenantId(), ticket.seq(), attachmentId)
            .filter(x -> x.isPublic() || caller.isStaff())
            .orElseThrow(() -> new PortalException.NotFound("no such attachment"));
    return blobs.presignedGet(
        a.bucket(),
        a.key(),
        EmailConfig.ATTACHMENT_LINK_TTL,
        a.filename(),
        dev.portal.shared.upload.UploadService.servedType(a.mimeType()));
  }
}
