package dev.portal.shared.email;

import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@link MailSender} on SES v2 with Raw content: the only form that carries our own Message-ID, In-Reply-To,
 * References and Auto-Submitted headers exactly as written.
 */
public final class SesMailSender implements MailSender {
  private final SesV2Client ses;

  public SesMailSender(SesV2Client ses) {
    this.ses = ses;
  }

  @Override
  public String sendRaw(String from, List<String> to, byte[] rawMessage) {
    return ses.sendEmail(r -> r.fromEmailAddress(from).destination(d -> d.toAddresses(to))
        .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(rawMessage))))).messageId();
  }
}
