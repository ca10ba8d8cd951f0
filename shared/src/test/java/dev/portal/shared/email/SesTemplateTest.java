package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml must say for SES as it behaves (issue 10): a bounded notifier that can queue
 * throttled mail again, sending through the configuration set whose bounces and complaints reach
 * the feedback function.
 */
class SesTemplateTest {
  private static String template() throws IOException {
    return Files.readString(
        Path.of(System.getProperty("portal.repo.root", "..")).resolve("template.yaml"));
  }

  /** One top-level resource's text: from its name to the next name at the same indentation. */
  private static String resource(String name) throws IOException {
    Matcher m =
        Pattern.compile("(?ms)^  " + name + ":\\n(.*?)(?=^  [A-Za-z]|\\z)").matcher(template());
    assertTrue(m.find(), "template.yaml has no " + name);
    return m.group(1);
  }

  @Test
  void theNotifiersConcurrencyIsBoundedByAParameterOfAtLeastLambdasLeast() throws IOException {
    String notifier = resource("NotifierFunction");
    assertTrue(
        notifier.matches(
            "(?s).*ScalingConfig:\\s*\\n\\s*MaximumConcurrency: !Ref NotifierMaxConcurrency.*"),
        notifier);
    String parameter = resource("NotifierMaxConcurrency");
    assertTrue(
        parameter.contains("MinValue: 2") && parameter.contains("MaxValue: 1000"), parameter);
  }

  @Test
  void theNotifierCanQueueThrottledMailAgainAndSendsThroughTheConfigurationSet()
      throws IOException {
    String notifier = resource("NotifierFunction");
    assertTrue(
        notifier.contains("OUTBOUND_QUEUE_URL: !Ref OutboundMailQueue"),
        "where throttled mail goes again");
    assertTrue(
        notifier.matches(
            "(?s).*SQSSendMessagePolicy:\\s*\\n\\s*QueueName: !GetAtt OutboundMailQueue.QueueName.*"));
    assertTrue(notifier.contains("SES_CONFIGURATION_SET: !Ref MailConfigurationSet"));
    assertTrue(
        notifier.contains(":configuration-set/${MailConfigurationSet}"),
        "SendEmail is authorised on the set too");
  }

  @Test
  void bouncesAndComplaintsOnlyReachTheFeedbackFunctionThroughRawDelivery() throws IOException {
    String destination = resource("MailConfigurationSetEventDestination");
    assertTrue(destination.contains("MatchingEventTypes: [bounce, complaint]"), destination);
    assertTrue(destination.contains("TopicARN: !Ref MailFeedbackTopic"));
    String subscription = resource("MailFeedbackSubscription");
    assertTrue(
        subscription.contains("RawMessageDelivery: true")
            && subscription.contains("!GetAtt MailFeedbackQueue.Arn"));
    String topicPolicy = resource("MailFeedbackTopicPolicy");
    assertTrue(
        topicPolicy.contains("Service: ses.amazonaws.com")
            && topicPolicy.contains("configuration-set/${MailConfigurationSet}"),
        "only SES, for this set, publishes");
    String function = resource("MailFeedbackFunction");
    assertTrue(function.contains("Queue: !GetAtt MailFeedbackQueue.Arn"));
    assertTrue(function.contains("ReportBatchItemFailures"));
    assertEquals(-1, function.indexOf("CrudPolicy"), "writes only");
  }
}
