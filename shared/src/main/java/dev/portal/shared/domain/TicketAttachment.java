package dev.portal.shared.domain;

/** A file that came with a ticket's mail, stored in S3 under the tenant's prefix. */
public record TicketAttachment(
    String id,
    long ticketSeq,
    String filename,
    String mimeType,
    long size,
    String bucket,
    String key,
    boolean isPublic) {}
