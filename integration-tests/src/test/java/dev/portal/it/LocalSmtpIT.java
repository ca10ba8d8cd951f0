package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalLambdaContext;
import dev.portal.local.QueuePoller;
import dev.portal.local.SmtpIngress;
import dev.portal.shared.store.MailStore;
import io.micronaut.json.tree.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local mode's SMTP ingress: RCPT for an unknown address is a 550; accepted mail takes the SES path
 * to a ticket.
 */
class LocalSmtpIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  /** One SMTP conversation; returns the reply code to each command, in order. */
  private static String converse(int port, String... commands) throws Exception {
    StringBuilder codes = new StringBuilder();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
      OutputStream out = s.getOutputStream();
      codes.append(reply(in));
      for (String c : commands) {
        out.write((c + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        codes.append(' ').append(reply(in));
      }
    }
    return codes.toString();
  }

  private static String reply(BufferedReader in) throws Exception {
    String line;
    do {
      line = in.readLine();
    } while (line != null && line.length() > 3 && line.charAt(3) == '-');
    return line == null ? "EOF" : line.substring(0, 3);
  }

  @Test
  void mailForARegisteredMailboxBecomesATicketAndAnUnknownAddressIsRefusedAtRcpt()
      throws Exception {
    var ctx = mail.api.context;
    try (SmtpIngress smtp =
        new SmtpIngress(
                0,
                ctx.getBean(MailStore.class),
                ctx.getBean(S3Client.class),
                ctx.getBean(SqsClient.class),
                mail.api.mail().bucket(),
                mail.api.mail().inboundQueueUrl())
            .start()) {
      int port = smtp.port();
      assertEquals(
          "220 250 250 550 221",
          converse(
              port,
              "HELO test",
              "MAIL FROM:<x@elsewhere.example>",
              "RCPT TO:<nobody@" + f.tenant + ".example>",
              "QUIT"));
      String data =
          "From: Dave <dave@elsewhere.example>\r\nTo: "
              + mail.mailbox
              + "\r\nSubject: Via SMTP\r\n"
              + "Message-ID: <smtp1@elsewhere.example>\r\n\r\nHello over SMTP.\r\n.";
      assertEquals(
          "220 250 250 250 354 250 221",
          converse(
              port,
              "HELO test",
              "MAIL FROM:<dave@elsewhere.example>",
              "RCPT TO:<" + mail.mailbox + ">",
              "DATA",
              data,
              "QUIT"));
    }
    new QueuePoller(
            mail.sqs(),
            mail.api.mail().inboundQueueUrl(),
            "portal-inbound-mail",
            (event, id) -> mail.api.inboundEmail.handle(event, new LocalLambdaContext(id)))
        .drain();
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("ticket", entry.get("outcome").getStringValue());
    assertEquals("dave@elsewhere.example", entry.get("from").getStringValue());
    Backend.Res ticket = f.get(f.agent, entry.get("ticketId").getStringValue());
    assertTrue(ticket.str("description").contains("Hello over SMTP."), ticket::describe);
  }
}
