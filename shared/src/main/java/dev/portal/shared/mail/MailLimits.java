package dev.portal.shared.mail;

/**
 * The caps on what one inbound message may cost, in one place (docs/data-model.md, "Mail caps",
 * gives the reasons). Past a cap the parser degrades and says so (a warning, a dropped count); it
 * never throws.
 */
public final class MailLimits {

  /**
   * Characters of a line that any pattern looks at. Every check on mail text is linear, and this
   * bounds even a linear check's cost per line; nothing in a real attribution or separator line
   * comes after 4 KB.
   */
  public static final int MAX_LINE_CHARS = 4 * 1024;

  /**
   * Bytes of one header field that are kept; the rest of a longer field is skipped while parsing
   * goes on, so a huge header before From cannot hide the sender. RFC 5322 allows 998 characters a
   * line, and real mail's longest fields (References, DKIM, ARC) stay far below.
   */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /** Attachments stored per message; parts past it are read and counted, never stored. */
  public static final int MAX_ATTACHMENTS = 100;

  /** Decoded attachment bytes stored per message: SES receives no message over 40 MB. */
  public static final long MAX_DECODED_BYTES = 40L * 1024 * 1024;

  private MailLimits() {}

  /** The line as patterns see it: its first {@link #MAX_LINE_CHARS} characters. */
  static String capped(String line) {
    return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS);
  }
}
