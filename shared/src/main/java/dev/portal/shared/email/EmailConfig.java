package dev.portal.shared.email;

import java.time.Duration;

/**
 * Email channel settings: {@code MAIL_BUCKET} (raw mail under {@code raw/}, attachments under
 * {@code attachments/<tenant>/}), {@code OUTBOUND_QUEUE_URL} (the notifier's queue; unset: nothing
 * is queued).
 */
public record EmailConfig(String bucket, String outboundQueueUrl) {
  public static final String RAW_PREFIX = "raw/";
  public static final String ATTACHMENT_PREFIX = "attachments/";

  /** Presigned attachment links live this long (the issue allows at most 15 minutes). */
  public static final Duration ATTACHMENT_LINK_TTL = Duration.ofMinutes(10);

  public static final int MAX_ACKS_PER_SENDER_HOUR = 5;
}
