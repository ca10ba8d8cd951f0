package dev.portal.local;

import dev.portal.shared.email.EmailConfig;
import dev.portal.shared.email.SesNotifications;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.MailStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local mode's stand-in for SES receiving: an SMTP server on 127.0.0.1 (SubEthaSMTP) that accepts
 * mail for registered mailboxes only (anything else is a 550 at RCPT), then does what the SES rule
 * does in AWS: the raw bytes go to the S3 emulator under {@code raw/}, and the same receipt
 * notification SES would publish goes to the inbound queue on the SQS emulator, where the real
 * inbound-email function picks it up.
 */
public final class SmtpIngress implements AutoCloseable {
  static final int MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

  private final SMTPServer server;

  public SmtpIngress(
      int port, MailStore mail, S3Client s3, SqsClient sqs, String bucket, String inboundQueueUrl) {
    server =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .softwareName("portal local SMTP ingress")
            .maxMessageSize(MAX_MESSAGE_BYTES)
            .messageHandlerFactory(ctx -> new Handler(ctx, mail, s3, sqs, bucket, inboundQueueUrl))
            .build();
  }

  public SmtpIngress start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getPortAllocated();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static final class Handler implements MessageHandler {
    private final MailStore mail;
    private final S3Client s3;
    private final SqsClient sqs;
    private final String bucket;
    private final String queueUrl;
    private final List<String> recipients = new ArrayList<>();
    private String envelopeFrom = "";

    Handler(
        MessageContext ctx,
        MailStore mail,
        S3Client s3,
        SqsClient sqs,
        String bucket,
        String queueUrl) {
      this.mail = mail;
      this.s3 = s3;
      this.sqs = sqs;
      this.bucket = bucket;
      this.queueUrl = queueUrl;
    }

    @Override
    public void from(String from) {
      envelopeFrom = from == null ? "" : from.strip();
    }

    @Override
    public void recipient(String recipient) throws RejectException {
      if (mail.mailbox(recipient).isEmpty())
        throw new RejectException(550, "5.1.1 no such mailbox here");
      recipients.add(recipient.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String data(InputStream data) throws IOException {
      LocalVerdicts.Result local = LocalVerdicts.strip(data.readAllBytes());
      byte[] raw = local.raw();
      String sesMessageId = UUID.randomUUID().toString().replace("-", "");
      String key = EmailConfig.RAW_PREFIX + sesMessageId;
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType("message/rfc822"), RequestBody.fromBytes(raw));
      sqs.sendMessage(
          r ->
              r.queueUrl(queueUrl)
                  .messageBody(
                      SesNotifications.write(
                          bucket,
                          key,
                          recipients,
                          sesMessageId,
                          Instant.now().toString(),
                          envelopeFrom,
                          local.verdicts())));
      JsonLog.info(
          "smtp ingress accepted a message",
          "s3Key",
          key,
          "recipients",
          recipients.size(),
          "bytes",
          raw.length);
      return null;
    }

    @Override
    public void done() {}
  }
}
