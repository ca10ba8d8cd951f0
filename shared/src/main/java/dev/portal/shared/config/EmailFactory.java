package dev.portal.shared.config;

import dev.portal.shared.email.AttachmentService;
import dev.portal.shared.email.DisabledOutboundQueue;
import dev.portal.shared.email.DnsTxtResolver;
import dev.portal.shared.email.EmailConfig;
import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.email.MailDomains;
import dev.portal.shared.email.MailFeedbackService;
import dev.portal.shared.email.MailSender;
import dev.portal.shared.email.MailboxService;
import dev.portal.shared.email.NotifierService;
import dev.portal.shared.email.OutboundDelivery;
import dev.portal.shared.email.OutboundQueue;
import dev.portal.shared.email.Outbox;
import dev.portal.shared.email.SesMailSender;
import dev.portal.shared.email.SqsOutboundQueue;
import dev.portal.shared.http.Json;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.BlobHeads;
import dev.portal.shared.store.BlobLinks;
import dev.portal.shared.store.BlobStore;
import dev.portal.shared.store.CursorCodec;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.DynamoMailStore;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.upload.UploadService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The email channel's wiring. Parts that need an optional SDK module are guarded by
 * {@code @Requires(classes)}, so a function gets them only when its jar carries that module (its
 * own pom declares it).
 */
@Factory
public class EmailFactory {
  static final long DEFAULT_OUTBOUND_LEASE_SECONDS = 60;
  static final long DEFAULT_THROTTLE_BASE_SECONDS = 30;

  @Singleton
  EmailConfig emailConfig(Environment env) {
    return new EmailConfig(
        env.getProperty("mail.bucket", String.class).orElse(null),
        env.getProperty("outbound.queue.url", String.class).orElse(null));
  }

  @Singleton
  MailStore mailStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoMailStore(db, config.tableName(), cursors);
  }

  /**
   * {@code MAIL_DOMAIN}: the platform domain whose {@code <tenant>.} subdomain each tenant owns;
   * {@code MAIL_DOMAIN_PROOF}: {@code dns} (the default: a TXT record proves a customer domain) or
   * {@code first-come} (local mode and tests, which have no DNS).
   */
  @Singleton
  MailDomains mailDomains(Environment env, PortalConfig config, MailStore mail) {
    String proof = env.getProperty("mail.domain.proof", String.class).orElse("dns");
    return new MailDomains(
        env.getProperty("mail.domain", String.class).orElse(null),
        proof.equalsIgnoreCase("first-come") ? MailDomains.Proof.FIRST_COME : MailDomains.Proof.DNS,
        new DnsTxtResolver(),
        config.cursorSecret(),
        mail);
  }

  @Singleton
  MailboxService mailboxService(MailStore mail, MailDomains domains, Clock clock) {
    return new MailboxService(mail, domains, clock);
  }

  @Singleton
  MailFeedbackService mailFeedbackService(MailStore mail, Json json, Clock clock) {
    return new MailFeedbackService(mail, json, clock);
  }

  @Singleton
  Outbox outbox(OutboundQueue queue) {
    return new Outbox(queue);
  }

  @Factory
  public static class Blobs {
    @Singleton
    AttachmentService attachmentService(TicketService tickets, MailStore mail, BlobLinks links) {
      return new AttachmentService(tickets, mail, links);
    }

    /**
     * Only where {@code ATTACHMENTS_BUCKET} is set (ticket-actions, local mode): portal uploads go
     * to that bucket's {@code uploads/} prefix, and once confirmed are copied to {@code
     * attachments/}.
     */
    @Singleton
    @Requires(property = "attachments.bucket")
    UploadService uploadService(
        TicketService tickets,
        MailStore mail,
        BlobLinks links,
        BlobHeads heads,
        dev.portal.shared.store.BlobCopies copies,
        Environment env,
        Clock clock) {
      return new UploadService(
          tickets,
          mail,
          links,
          heads,
          copies,
          env.getProperty("attachments.bucket", String.class).orElseThrow(),
          clock);
    }
  }

  /**
   * Only where the MIME parser's libraries are on the classpath (the inbound-email function, local
   * mode).
   */
  @Factory
  @Requires(classes = org.apache.james.mime4j.parser.MimeStreamParser.class)
  public static class Inbound {
    @Singleton
    InboundMailService inboundMailService(
        MailStore mail,
        DirectoryStore directory,
        TicketStore tickets,
        TicketService ticketService,
        BlobStore blobs,
        Clock clock) {
      return new InboundMailService(mail, directory, tickets, ticketService, blobs, clock);
    }
  }

  @Factory
  @Requires(classes = SqsClient.class)
  public static class Queue {
    @Singleton
    OutboundQueue outboundQueue(SqsClient sqs, EmailConfig config, Json json) {
      return config.outboundQueueUrl() == null
          ? new DisabledOutboundQueue()
          : new SqsOutboundQueue(sqs, config.outboundQueueUrl(), json);
    }
  }

  @Factory
  @Requires(missingClasses = "software.amazon.awssdk.services.sqs.SqsClient")
  public static class NoQueue {
    @Singleton
    OutboundQueue outboundQueue() {
      return new DisabledOutboundQueue();
    }
  }

  @Factory
  @Requires(classes = SesV2Client.class)
  public static class Sending {
    /**
     * {@code SES_CONFIGURATION_SET}: the set whose event destination publishes bounces and
     * complaints; unset: none.
     */
    @Singleton
    MailSender mailSender(SesV2Client ses, Environment env) {
      return new SesMailSender(
          ses, env.getProperty("ses.configuration.set", String.class).orElse(null));
    }

    /**
     * {@code OUTBOUND_THROTTLE_BASE_SECONDS}: the first wait of a mail SES throttled, doubled for
     * each further throttle up to SQS's 15 minutes.
     *
     * <p>The queue is needed only when SES throttles, so it comes through a provider: outside
     * SnapStart the notifier's cold start builds neither it nor its SQS client (the client's own 46
     * classes and its set-up); with SnapStart the context builds every singleton, these included,
     * before the snapshot ({@link LambdaContexts}). Outside SnapStart the first throttled mail pays
     * that build, and a build that fails (a wrong queue URL is only an error when sent to) reports
     * the mail failed: SQS brings it back after its visibility timeout rather than the back-off.
     */
    @Singleton
    OutboundDelivery outboundDelivery(
        Environment env, NotifierService notifier, Provider<OutboundQueue> queue) {
      long base =
          env.getProperty("outbound.throttle.base.seconds", Long.class)
              .orElse(DEFAULT_THROTTLE_BASE_SECONDS);
      return new OutboundDelivery(
          notifier,
          queue::get,
          OutboundDelivery.exponentialBackoff(java.time.Duration.ofSeconds(base)));
    }

    /**
     * {@code OUTBOUND_LEASE_SECONDS}: how long a claimed mail stays another delivery's to wait for.
     * Longer than the notifier's timeout (template.yaml: 30 s) and shorter than the queue's
     * visibility timeout (180 s), so the queue's next delivery of a mail whose sender died finds
     * the lease run out. Local mode's queue retries after 5 s.
     */
    @Singleton
    NotifierService notifierService(
        Environment env,
        MailStore mail,
        TicketStore tickets,
        TicketService ticketService,
        MailSender sender,
        Clock clock,
        dev.portal.shared.service.TenantSettingsCache settings,
        dev.portal.shared.store.DeskStore desk,
        dev.portal.shared.store.WatcherStore watchers) {
      long lease =
          env.getProperty("outbound.lease.seconds", Long.class)
              .orElse(DEFAULT_OUTBOUND_LEASE_SECONDS);
      return new NotifierService(
          mail,
          tickets,
          ticketService,
          sender,
          clock,
          java.time.Duration.ofSeconds(lease),
          settings,
          desk,
          watchers);
    }
  }
}
