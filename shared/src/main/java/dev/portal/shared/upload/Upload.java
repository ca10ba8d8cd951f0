package dev.portal.shared.upload;

import dev.portal.shared.domain.TicketAttachment;

/**
 * An attachment item as the upload flow sees it: {@code pending} until its object is confirmed, who
 * started it, and the {@code attachment_added} event that confirmed it (null before, and for mail
 * attachments).
 */
public record Upload(
    TicketAttachment attachment, boolean pending, String uploadedBy, String eventId) {}
