package dev.portal.shared.mail;

/**
 * What is known about an attachment before its bytes are read.
 *
 * @param index position among the message's attachments, from 0, in the order they appear in the
 *     message
 * @param filename decoded file name (RFC 2231 / RFC 2047), or a name made up from the part (never
 *     null)
 * @param mimeType lower-cased media type without parameters, e.g. {@code application/pdf}
 * @param contentId the Content-ID without angle brackets, or null
 * @param inline true when the HTML body can show it in place: it has a Content-ID and is not
 *     disposition attachment (a bare "inline" disposition is not enough: Apple Mail puts it on
 *     every attachment)
 */
public record AttachmentMeta(
    int index, String filename, String mimeType, String contentId, boolean inline) {}
