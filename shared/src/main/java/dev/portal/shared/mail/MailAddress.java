package dev.portal.shared.mail;

/**
 * One mailbox of an address header.
 *
 * @param email the address as written, trimmed, always one valid address ({@link
 *     MailSyntax#isAddress}): no spaces, commas or control characters (not lower-cased: the local
 *     part may be case-sensitive; callers that key on it lower-case it themselves)
 * @param displayName the RFC 2047-decoded display name, or null when there is none
 */
public record MailAddress(String email, String displayName) {}
