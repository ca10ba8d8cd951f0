package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.email.Outbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stream records as Lambda hands them over, read into the mail they owe (or none). */
class StreamImagesTest {
  private static AttributeValue s(String v) {
    return new AttributeValue().withS(v);
  }

  private static AttributeValue n(long v) {
    return new AttributeValue().withN(Long.toString(v));
  }

  private static AttributeValue m(Map<String, AttributeValue> v) {
    return new AttributeValue().withM(v);
  }

  private static Map<String, AttributeValue> reply(String kind) {
    Map<String, AttributeValue> image = new HashMap<>();
    image.put("pk", s("TENANT#demo#TICKET#7"));
    image.put("sk", s("EVENT#00000000000000000003"));
    image.put("id", s("ev-7-3"));
    image.put("public", new AttributeValue().withBOOL(true));
    image.put("data", m(Map.of("body", s("Restarted the gateway"), "n", n(2))));
    image.put(
        Keys.OUTBOX,
        m(
            Map.of(
                Keys.OUTBOX_KIND,
                s(kind),
                Keys.OUTBOX_TENANT,
                s("demo"),
                Keys.OUTBOX_TICKET_SEQ,
                n(7))));
    return image;
  }

  @Test
  void anAgentReplysImageOwesItsTextToTheRequesterKeyedByTheEvent() {
    assertEquals(
        Optional.of(
            new OutboundMail(
                "demo", 7, OutboundMail.AGENT_REPLY, "ev-7-3", "Restarted the gateway")),
        StreamImages.outboundMail(StreamImages.fromLambda(reply(OutboundMail.AGENT_REPLY))));
    assertEquals(
        Optional.of(new OutboundMail("demo", 7, OutboundMail.RESOLVED, "ev-7-3", null)),
        StreamImages.outboundMail(StreamImages.fromLambda(reply(OutboundMail.RESOLVED))),
        "only a reply carries text");
  }

  @Test
  void imagesThatOweNothingOrAreMalformedQueueNothing() {
    Map<String, AttributeValue> ticket = new HashMap<>(reply(OutboundMail.AGENT_REPLY));
    ticket.remove(Keys.OUTBOX);
    assertTrue(StreamImages.outboundMail(StreamImages.fromLambda(ticket)).isEmpty());
    Map<String, AttributeValue> noTenant = reply(OutboundMail.AGENT_REPLY);
    noTenant.put(
        Keys.OUTBOX, m(Map.of(Keys.OUTBOX_KIND, s("agent_reply"), Keys.OUTBOX_TICKET_SEQ, n(7))));
    assertTrue(StreamImages.outboundMail(StreamImages.fromLambda(noTenant)).isEmpty());
    Map<String, AttributeValue> notAMap = reply(OutboundMail.AGENT_REPLY);
    notAMap.put(Keys.OUTBOX, s("agent_reply"));
    assertTrue(StreamImages.outboundMail(StreamImages.fromLambda(notAMap)).isEmpty());
    assertTrue(StreamImages.outboundMail(StreamImages.fromLambda(null)).isEmpty());
  }

  @Test
  void nestingPastAnyItemOfOursIsRefusedNotRecursedInto() {
    AttributeValue deep = s("x");
    for (int i = 0; i < 100; i++) deep = m(Map.of("d", deep));
    Map<String, AttributeValue> image = Map.of("deep", deep);
    assertThrows(IllegalArgumentException.class, () -> StreamImages.fromLambda(image));
  }

  @Test
  void onlyTheFirstWriteOfAnEventQueuesItsMail() {
    List<OutboundMail> queued = new ArrayList<>();
    Outbox outbox =
        new Outbox(
            new dev.portal.shared.email.OutboundQueue() {
              @Override
              public void enqueue(OutboundMail mail) {
                queued.add(mail);
              }

              @Override
              public void retryLater(
                  OutboundMail mail, int throttledSends, java.time.Duration delay) {
                throw new AssertionError("the outbox never delays");
              }
            });
    var image = StreamImages.fromLambda(reply(OutboundMail.AGENT_REPLY));
    outbox.dispatch("MODIFY", image);
    outbox.dispatch("REMOVE", image);
    assertEquals(List.of(), queued);
    outbox.dispatch("INSERT", image);
    assertEquals(1, queued.size());
  }
}
