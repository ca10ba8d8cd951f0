package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queued mail as the queue writes it (Micronaut Serde) and as the notifier reads it (without
 * Serde): the two must agree on every field.
 */
class OutboundMailJsonTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void start() {
    context = ApplicationContext.builder().start();
    json = context.getBean(Json.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void readsEveryFieldTheQueueWrites() {
    var mails =
        List.of(
            new OutboundMail("acme", 42, OutboundMail.ACKNOWLEDGEMENT, "ack-42", null),
            new OutboundMail(
                "acme",
                9_007_199_254_740_993L,
                OutboundMail.AGENT_REPLY,
                "ev-1",
                "Grüße \"quoted\"\nline \\ two \u2028 😀",
                List.of()),
            new OutboundMail(
                "t-2",
                7,
                OutboundMail.AGENT_NEW_TICKET,
                "ev-2",
                null,
                List.of("a@acme.example", "b@acme.example")));
    for (OutboundMail mail : mails) {
      assertEquals(mail, OutboundMail.read(json.write(mail)));
    }
  }

  @Test
  void takesAbsentOrNullFieldsAsNone() {
    OutboundMail m =
        OutboundMail.read("{\"tenantId\":\"acme\",\"body\":null,\"extra\":{\"x\":[1]}}");
    assertEquals(new OutboundMail("acme", 0, null, null, null, List.of()), m);
  }

  @Test
  void refusesWhatTheQueueNeverWrites() {
    for (String body :
        new String[] {
          "not json",
          "null",
          "[]",
          "{\"ticketSeq\":1.5}",
          "{\"ticketSeq\":\"x\"}",
          "{\"to\":\"a@acme.example\"}",
          "{\"kind\":{}}",
          "{\"body\":12.50}",
          "{\"to\":[true]}",
          "{\"kind\":\"a\",\"kind\":\"b\"}"
        }) {
      assertThrows(IllegalArgumentException.class, () -> OutboundMail.read(body), body);
    }
  }
}
