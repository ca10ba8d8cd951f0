package dev.portal.shared.email;

import java.util.List;

/**
 * What SES says about a received message (its S3 action's notification, via SNS to SQS): where the raw message is,
 * the envelope recipients (which route it, never the {@code To:} header) and the spam and virus verdicts.
 */
public record InboundNotification(String bucket, String key, List<String> recipients, String spamVerdict,
    String virusVerdict, String sesMessageId) {}
