package dev.portal.shared.mail;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a message comes from a person (accept), from a machine (reject: auto-replies,
 * bounces, reports, lists), or is dangerous (quarantine, on the SES verdicts). Rejecting machine
 * mail is what keeps two auto-responders from mailing each other forever (RFC 3834 section 2).
 * Reasons are short and stable: the mail log shows them and tests match them.
 *
 * <p>Its two patterns are alternations of fixed words (the sender's ends in one {@code .*}), so
 * they cannot backtrack over a character twice, and see at most the first {@link
 * MailLimits#MAX_LINE_CHARS} characters of subject or sender.
 */
public final class MailClassifier {

  private static final Pattern BOUNCE_SUBJECT =
      Pattern.compile(
          "(?i)(undeliver|undelivered|delivery (status )?notification|delivery failure|delivery has failed"
              + "|returned mail|mail delivery failed|failure notice|non[- ]?delivery|unzustellbar"
              + "|nicht zugestellt|übermittlungsstatus|mail system error|delivery status)");
  private static final Pattern BOUNCE_SENDER =
      Pattern.compile("(?i)^(mailer-daemon|postmaster)(@.*)?$");

  private MailClassifier() {}

  /**
   * sesSpam/sesVirus are the SES receipt verdict statuses ("PASS", "FAIL", "GRAY",
   * "PROCESSING_FAILED") or null (local mode). A virus is checked first: it is the worse of the
   * two.
   */
  public static Verdict classify(ParsedMail mail, String sesSpamVerdict, String sesVirusVerdict) {
    if ("FAIL".equalsIgnoreCase(trim(sesVirusVerdict))) {
      return new Verdict.Quarantine("ses virus verdict FAIL");
    }
    if ("FAIL".equalsIgnoreCase(trim(sesSpamVerdict))) {
      return new Verdict.Quarantine("ses spam verdict FAIL");
    }
    String autoSubmitted = lower(mail.header("auto-submitted"));
    if (autoSubmitted != null && !autoSubmitted.isEmpty()) {
      String keyword = autoSubmitted.split("[;(\\s]", 2)[0];
      if (!keyword.equals("no")) {
        return new Verdict.Reject("auto-submitted: " + keyword);
      }
    }
    String contentType = lower(mail.header("content-type"));
    if (contentType != null && contentType.startsWith("multipart/report")) {
      HeaderParams params = HeaderParams.parse(contentType, new Warnings());
      String reportType = params.param("report-type");
      if ("delivery-status".equals(reportType)) {
        return new Verdict.Reject("delivery-status report");
      }
      if ("feedback-report".equals(reportType)) {
        return new Verdict.Reject("feedback report");
      }
      if ("disposition-notification".equals(reportType)) {
        return new Verdict.Reject("disposition notification");
      }
      return new Verdict.Reject("report: " + (reportType == null ? "unknown" : reportType));
    }
    if (mail.header("feedback-type") != null) {
      return new Verdict.Reject("feedback report");
    }
    if (mail.header("x-failed-recipients") != null) {
      return new Verdict.Reject("bounce: x-failed-recipients");
    }
    String fromEmail = mail.from() == null ? bareSender(mail.header("from")) : mail.from().email();
    if (fromEmail != null
        && BOUNCE_SENDER.matcher(MailLimits.capped(fromEmail.strip())).matches()) {
      return new Verdict.Reject("bounce: sender " + localPart(fromEmail));
    }
    if ("".equals(mail.returnPath())
        && BOUNCE_SUBJECT.matcher(MailLimits.capped(mail.subject())).find()) {
      return new Verdict.Reject("bounce: empty return path");
    }
    var looksLikeBounce = BounceHeuristics.bounce(mail);
    if (looksLikeBounce.isPresent()) {
      return new Verdict.Reject(looksLikeBounce.get());
    }
    if (mail.header("x-autoreply") != null) {
      return new Verdict.Reject("x-autoreply");
    }
    if (mail.header("x-autorespond") != null) {
      return new Verdict.Reject("x-autorespond");
    }
    String precedence = lower(mail.header("precedence"));
    if (precedence != null) {
      String p = precedence.strip();
      if (p.equals("bulk") || p.equals("junk") || p.equals("list")) {
        return new Verdict.Reject("precedence: " + p);
      }
    }
    // X-Auto-Response-Suppress alone is not a reject: Outlook sets it on ordinary mail sent from
    // meetings etc.
    return new Verdict.Accept();
  }

  /**
   * A bounce's From is often a bare {@code MAILER-DAEMON} without a domain: no address, so the
   * parser keeps no mailbox. This is the first word of the raw header (or what its angle brackets
   * hold).
   */
  private static String bareSender(String from) {
    if (from == null) {
      return null;
    }
    String v = from.strip();
    int open = v.indexOf('<');
    if (open >= 0) {
      int close = v.indexOf('>', open);
      return v.substring(open + 1, close < 0 ? v.length() : close);
    }
    int end = 0;
    while (end < v.length() && !Character.isWhitespace(v.charAt(end))) {
      end++;
    }
    return v.substring(0, end);
  }

  private static String localPart(String email) {
    int at = email.indexOf('@');
    return (at < 0 ? email : email.substring(0, at)).toLowerCase(Locale.ROOT);
  }

  private static String trim(String s) {
    return s == null ? null : s.strip();
  }

  private static String lower(String s) {
    return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
  }
}
