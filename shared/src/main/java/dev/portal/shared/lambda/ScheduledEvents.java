package dev.portal.shared.lambda;

import static dev.portal.shared.lambda.EventJson.map;
import static dev.portal.shared.lambda.EventJson.object;
import static dev.portal.shared.lambda.EventJson.skip;
import static dev.portal.shared.lambda.EventJson.string;
import static dev.portal.shared.lambda.EventJson.stringList;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/** EventBridge's scheduled events read (see {@link EventJson} for the rules). */
public final class ScheduledEvents {
  /** A schedule's {@code detail} is {@code {}}; a hand-made one may hold a little more. */
  static final int MAX_DEPTH = 8;

  private static final JsonFactory JSON = EventJson.factory(MAX_DEPTH);

  private ScheduledEvents() {}

  public static ScheduledEvent read(InputStream in) throws IOException, MalformedEvent {
    return EventJson.read(
        JSON,
        in,
        p ->
            object(
                p,
                new ScheduledEvent(),
                (q, name, e) -> {
                  switch (name) {
                    case "version" -> e.setVersion(string(q));
                    case "id" -> e.setId(string(q));
                    case "detail-type" -> e.setDetailType(string(q));
                    case "source" -> e.setSource(string(q));
                    case "account" -> e.setAccount(string(q));
                    case "time" -> e.setTime(time(string(q)));
                    case "region" -> e.setRegion(string(q));
                    case "resources" -> e.setResources(stringList(q));
                    case "detail" -> e.setDetail(map(q, EventJson::any));
                    default -> skip(q);
                  }
                }));
  }

  /** EventBridge writes {@code 2026-03-02T09:15:00Z}; the class holds a joda-time instant. */
  private static DateTime time(String iso) throws MalformedEvent {
    if (iso == null) return null;
    try {
      return new DateTime(Instant.parse(iso).toEpochMilli(), DateTimeZone.UTC);
    } catch (DateTimeParseException e) {
      throw new MalformedEvent("time is not an ISO-8601 instant");
    }
  }
}
