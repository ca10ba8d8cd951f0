package dev.portal.shared.mail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bounces that do not say so in their structure: no {@code multipart/report}, no {@code
 * X-Failed-Recipients}, a non-empty Return-Path. Carriers' "mail error" notices, Exchange's
 * text-only "Undeliverable", old qmail and Postfix texts and SNS bounce notifications mailed to a
 * support address all exist in the wild; each became a ticket and got an answer. The judgement
 * combines weak signals, as bounce classifiers do, so that a person writing "my mail was
 * undeliverable" is still heard: an automated sender (mailer-daemon, postmaster, no-reply and its
 * spellings) with a failure subject or a failure body; or a failure body with delivery-status
 * fields or an SMTP 5xx status; or a failure subject with such a body. Every check is a plain
 * substring test on lower-cased text whose lines are cut to 4 KB and of which only the first 200
 * lines are read, so the work is linear and bounded whatever the mail.
 */
public final class BounceHeuristics {
  static final int MAX_LINES = 200;
  static final int MAX_LINE = 4 * 1024;

  private static final List<String> NO_REPLY =
      List.of(
          "noreply",
          "no-reply",
          "no_reply",
          "no.reply",
          "donotreply",
          "do-not-reply",
          "do_not_reply",
          "do.not.reply",
          "mailer-daemon",
          "mailerdaemon",
          "postmaster",
          "bounce",
          "bounces");

  private static final List<String> FAILURE_SUBJECTS =
      List.of(
          "undeliver",
          "undelivered",
          "not delivered",
          "could not be delivered",
          "delivery status notification",
          "delivery failure",
          "delivery has failed",
          "delivery failed",
          "returned mail",
          "returned to sender",
          "failure notice",
          "non-delivery",
          "nondelivery",
          "mail error",
          "mail system error",
          "delivery incomplete",
          "unzustellbar",
          "nicht zugestellt",
          "non remis",
          "no se puede entregar",
          "non recapitabile",
          "недоставлено",
          "не доставлено",
          "メール送信エラー",
          "送信エラー",
          "配信エラー",
          "未達",
          "退信",
          "投递失败");

  private static final List<String> FAILURE_BODY =
      List.of(
          "could not be delivered",
          "was not delivered",
          "undeliverable",
          "delivery to the following recipient",
          "permanent fatal error",
          "permanent error",
          "user unknown",
          "unknown user",
          "no such user",
          "mailbox unavailable",
          "mailbox not found",
          "recipient address rejected",
          "address not found",
          "does not exist",
          "delivery has failed",
          "i'm sorry to have to inform you",
          "this is the mail system at host",
          "mail delivery subsystem",
          "宛先不明",
          "送信できませんでした",
          "配信できませんでした",
          "届きませんでした",
          "\"notificationtype\":\"bounce\"",
          "\"bouncetype\":\"permanent\"");

  private static final List<String> DSN_FIELDS =
      List.of(
          "final-recipient:",
          "original-recipient:",
          "diagnostic-code:",
          "reporting-mta:",
          "action: failed",
          "status: 5.");

  private BounceHeuristics() {}

  /** A reason when the message looks like a bounce, else empty. */
  public static Optional<String> bounce(ParsedMail mail) {
    String from = mail.from() == null ? null : mail.from().email();
    boolean automated = isNoReply(from);
    boolean subject = containsAny(lower(mail.subject()), FAILURE_SUBJECTS);
    Body body = Body.read(mail.text());
    if (automated && (subject || body.failure()))
      return Optional.of("bounce: automated sender with a failure notice");
    if (body.failure() && body.dsnFields() >= 2)
      return Optional.of("bounce: delivery-status fields in the text");
    if (body.failure() && body.smtpPermanentStatus())
      return Optional.of("bounce: permanent SMTP status in the text");
    if (subject && (body.dsnFields() >= 1 || body.smtpPermanentStatus()))
      return Optional.of("bounce: failure notice");
    return Optional.empty();
  }

  /**
   * Whether an address is one no person reads (no-reply and its spellings, mailer-daemon,
   * postmaster, bounce addresses): such a sender never gets an acknowledgement, whatever else its
   * mail becomes.
   */
  public static boolean isNoReply(String email) {
    if (email == null) return false;
    int at = email.indexOf('@');
    String local = (at < 0 ? email : email.substring(0, at)).strip().toLowerCase(Locale.ROOT);
    int plus = local.indexOf('+');
    if (plus > 0) local = local.substring(0, plus);
    for (String n : NO_REPLY) {
      if (local.equals(n)
          || local.startsWith(n + "-")
          || local.startsWith(n + ".")
          || local.startsWith(n + "_")) {
        return true;
      }
    }
    return false;
  }

  private record Body(boolean failure, int dsnFields, boolean smtpPermanentStatus) {
    static Body read(String text) {
      if (text == null || text.isEmpty()) return new Body(false, 0, false);
      boolean failure = false;
      int dsn = 0;
      boolean smtp = false;
      int start = 0;
      for (int n = 0; n < MAX_LINES && start < text.length(); n++) {
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        String line =
            text.substring(start, Math.min(end, start + MAX_LINE)).strip().toLowerCase(Locale.ROOT);
        start = end + 1;
        if (!failure && containsAny(line, FAILURE_BODY)) failure = true;
        for (String f : DSN_FIELDS) if (line.startsWith(f)) dsn++;
        if (!smtp && hasPermanentStatus(line)) smtp = true;
      }
      return new Body(failure, dsn, smtp);
    }
  }

  /**
   * "550 5.1.1", "554-5.7.1", "5.1.1": a permanent SMTP reply or enhanced status code, found in one
   * pass.
   */
  static boolean hasPermanentStatus(String line) {
    for (int i = 0; i + 4 < line.length(); i++) {
      if (line.charAt(i) != '5' || (i > 0 && Character.isLetterOrDigit(line.charAt(i - 1))))
        continue;
      if (line.charAt(i + 1) == '.'
          && Character.isDigit(line.charAt(i + 2))
          && line.charAt(i + 3) == '.'
          && Character.isDigit(line.charAt(i + 4))) {
        return true;
      }
      if (i + 6 < line.length()
          && Character.isDigit(line.charAt(i + 1))
          && Character.isDigit(line.charAt(i + 2))
          && (line.charAt(i + 3) == ' ' || line.charAt(i + 3) == '-')
          && line.charAt(i + 4) == '5'
          && line.charAt(i + 5) == '.'
          && Character.isDigit(line.charAt(i + 6))) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsAny(String text, List<String> needles) {
    if (text == null) return false;
    for (String n : needles) if (text.contains(n)) return true;
    return false;
  }

  private static String lower(String s) {
    return s == null
        ? null
        : (s.length() > MAX_LINE ? s.substring(0, MAX_LINE) : s).toLowerCase(Locale.ROOT);
  }
}
