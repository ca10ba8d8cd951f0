package dev.portal.shared.email;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * {@link MailSender} on SES v2 with Raw content: the only form that carries our own In-Reply-To,
 * References and Auto-Submitted headers exactly as written (SES replaces the Message-ID: see {@code
 * SesMessageIds}).
 *
 * <p>With a configuration set, every send carries the tenant as the message tag {@link
 * #TENANT_TAG}; SES publishes the tags with the mail's bounce and complaint events, which is how
 * {@link MailFeedbackService} knows whose it was.
 */
public final class SesMailSender implements MailSender {
  /**
   * SES tag names and values allow letters, digits, '_', '-', '.', '@': a tenant id (Claims'
   * grammar) fits.
   */
  public static final String TENANT_TAG = "portal-tenant";

  private final SesV2Client ses;
  private final String configurationSet;

  /**
   * @param configurationSet the SES configuration set whose event destination reports bounces;
   *     null: none
   */
  public SesMailSender(SesV2Client ses, String configurationSet) {
    this.ses = ses;
    this.configurationSet =
        configurationSet == null || configurationSet.isBlank() ? null : configurationSet;
  }

  @Override
  public String sendRaw(String from, List<String> to, byte[] rawMessage, String tenantId) {
    SendEmailRequest.Builder request =
        SendEmailRequest.builder()
            .fromEmailAddress(from)
            .destination(d -> d.toAddresses(to))
            .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(rawMessage))))
            .emailTags(MessageTag.builder().name(TENANT_TAG).value(tenantId).build());
    if (configurationSet != null) request.configurationSetName(configurationSet);
    try {
      return ses.sendEmail(request.build()).messageId();
    } catch (AwsServiceException e) {
      // "Maximum sending rate exceeded" and "Daily message quota exceeded" (SES developer guide,
      // "Errors related to
      // the sending quotas"): the SDK retried them already with its own short back-off; the caller
      // waits longer.
      if (e instanceof TooManyRequestsException || e.isThrottlingException()) {
        throw new Throttled("SES throttled the send: " + e.getMessage(), e);
      }
      throw e;
    }
  }
}
