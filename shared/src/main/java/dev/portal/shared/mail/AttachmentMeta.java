package dev.portal.shared.mail;

/**
 * What is known about an attachment before its bytes are read.
 *
 * @param index     position among the message's attachments, from 0, in the order they appear in the message
 * @param filename  decoded file name (RFC 2231 / RFC 2047), or a name made up from the part (never null)
 * @param mimeType  lower-cased media type without parameters, e.g. {@code application/pdf}
 * @param contentId the Content-ID without angle brackets, or null
 * @param inline    true when the part is meant to be shown inside the body (disposition inline or referenced by cid)
 */
public record AttachmentMeta(int index, String filename, String mimeType, String contentId, boolean inline) {}
