package dev.portal.shared.mail;

/**
 * What the email channel does with a message: make a ticket or comment of it, drop it, or hold it.
 */
public sealed interface Verdict {

  /** A person wrote it: process it. */
  record Accept() implements Verdict {}

  /**
   * Automatic mail (auto-reply, bounce, list, report): recorded with the reason, never answered.
   */
  record Reject(String reason) implements Verdict {}

  /** SES judged it spam or a virus: recorded and kept in S3, no ticket. */
  record Quarantine(String reason) implements Verdict {}
}
