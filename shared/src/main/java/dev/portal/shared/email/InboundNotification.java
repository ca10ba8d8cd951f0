package dev.portal.shared.email;

import java.util.List;

/**
 * What SES says about a received message (its S3 action's notification, via SNS to SQS): where the
 * raw message is, the envelope recipients (which route it, never the {@code To:} header), the
 * envelope sender ({@code MAIL FROM}) and SES's verdicts.
 */
public record InboundNotification(
    String bucket,
    String key,
    List<String> recipients,
    Verdicts verdicts,
    String envelopeFrom,
    String sesMessageId) {

  /**
   * SES's verdicts ({@code PASS}, {@code FAIL}, {@code GRAY}, {@code PROCESSING_FAILED}; null when
   * absent), and the sending domain's DMARC policy ({@code none}, {@code quarantine}, {@code
   * reject}), which SES gives only on a DMARC failure.
   */
  public record Verdicts(
      String spam, String virus, String spf, String dkim, String dmarc, String dmarcPolicy) {
    public static final Verdicts ALL_PASS =
        new Verdicts("PASS", "PASS", "PASS", "PASS", "PASS", null);
  }

  public String spamVerdict() {
    return verdicts.spam();
  }

  public String virusVerdict() {
    return verdicts.virus();
  }
}
