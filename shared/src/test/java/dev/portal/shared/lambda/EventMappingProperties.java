package dev.portal.shared.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes reach a function, each reader returns an event or refuses them with {@link
 * MalformedEvent} (the HTTP functions' 400): no unchecked exception, no stack overflow. Random
 * bytes test the parser's entry; the sample events cut, spliced and with bytes changed reach the
 * readers' deeper fields with values of every wrong shape.
 */
class EventMappingProperties {
  private static final String[] SAMPLES = {
    "ticket-status-get.json",
    "create-ticket.json",
    "notifier-sqs.json",
    "inbound-email-sqs.json",
    "outbox-stream.json",
    "projections-stream.json",
    "sla-ticker.json"
  };

  /** The JSON characters and tokens that turn one shape into another. */
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\"\\u0000\"",
    "{\"S\":1}",
    "[[[[",
    "\\"
  };

  @Property(tries = 300)
  void anyBytesGiveAnEventOrARefusal(@ForAll byte[] bytes) {
    readEveryWay(bytes);
  }

  @Property(tries = 1500)
  void mutatedSampleEventsGiveAnEventOrARefusal(@ForAll("mutatedSamples") byte[] bytes) {
    readEveryWay(bytes);
  }

  @Provide
  Arbitrary<byte[]> mutatedSamples() {
    Arbitrary<String> sample =
        Arbitraries.of(SAMPLES)
            .map(n -> new String(EventMappingTest.sample(n), StandardCharsets.UTF_8));
    return Combinators.combine(
            sample,
            Arbitraries.integers().between(0, 100_000),
            Arbitraries.integers().between(0, 40),
            Arbitraries.of(TOKENS),
            Arbitraries.of("insert", "replace", "cut"))
        .as(
            (json, at, length, token, how) -> {
              int i = at % (json.length() + 1);
              int j = Math.min(json.length(), i + length);
              String out =
                  switch (how) {
                    case "insert" -> json.substring(0, i) + token + json.substring(i);
                    case "replace" -> json.substring(0, i) + token + json.substring(j);
                    default -> json.substring(0, i);
                  };
              return out.getBytes(StandardCharsets.UTF_8);
            });
  }

  private static void readEveryWay(byte[] bytes) {
    refusedOrRead(() -> HttpApiEvents.read(new ByteArrayInputStream(bytes)));
    refusedOrRead(() -> SqsEvents.read(new ByteArrayInputStream(bytes)));
    refusedOrRead(() -> DynamodbStreamEvents.read(new ByteArrayInputStream(bytes)));
    refusedOrRead(() -> ScheduledEvents.read(new ByteArrayInputStream(bytes)));
  }

  @FunctionalInterface
  private interface Read {
    Object read() throws IOException, MalformedEvent;
  }

  /** Anything but an event or a {@link MalformedEvent} fails the property. */
  private static void refusedOrRead(Read read) {
    try {
      read.read();
    } catch (MalformedEvent refused) {
      // the 400-style answer
    } catch (IOException e) {
      throw new AssertionError("an in-memory stream cannot fail to read", e);
    }
  }
}
