package dev.portal.shared.mail;

/**
 * An attachment after its decoded bytes went to an {@link AttachmentSink}.
 *
 * @param location where the sink put it (e.g. an S3 key); null when the sink keeps nothing
 * @param size decoded size in bytes
 * @param sha256Hex lower-case hex SHA-256 of the decoded bytes
 */
public record StoredAttachment(AttachmentMeta meta, String location, long size, String sha256Hex) {}
