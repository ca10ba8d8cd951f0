package dev.portal.local;

import dev.portal.shared.email.MailSender;
import dev.portal.shared.email.SesMailSender;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Local mode (and the integration tests) send through the SES emulator exactly as the notifier does
 * in AWS, after one local-only step: the sending domain is created as an email identity first,
 * which in AWS is done once when the mailbox's domain is set up for receiving (SES receives and
 * sends only for verified domains).
 */
@Factory
public class LocalMailSender {
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  @Singleton
  @Replaces(MailSender.class)
  MailSender localMailSender(SesV2Client ses) {
    SesMailSender sender = new SesMailSender(ses, null);
    return (from, to, raw, tenantId) -> {
      String domain = from.substring(from.indexOf('@') + 1);
      if (verified.add(domain)) {
        try {
          ses.createEmailIdentity(r -> r.emailIdentity(domain));
        } catch (software.amazon.awssdk.services.sesv2.model.AlreadyExistsException exists) {
          // created by an earlier run of the emulator
        }
      }
      return sender.sendRaw(from, List.copyOf(to), raw, tenantId);
    };
  }
}
