package dev.portal.shared.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A queue message's body (our own queued mail and webhook delivery, SES's receipt notification)
 * read with the events' streaming parser ({@link EventJson}) into maps, lists, strings, numbers and
 * booleans. The SQS functions read their message types this way rather than through Micronaut
 * Serde: its deserializers and tree are some 140 classes that a cold start would load for a few
 * fields.
 */
public final class MessageBodies {
  /** An SNS envelope around an SES notification is the deepest a body gets: far below this. */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory JSON = EventJson.factory(MAX_DEPTH);

  private MessageBodies() {}

  /**
   * @throws IllegalArgumentException when the body is no JSON object (not JSON, a key twice in one
   *     object, deeper than {@link #MAX_DEPTH}, larger than a Lambda event can be)
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String body) {
    if (body == null) throw new IllegalArgumentException("the message has no body");
    try {
      return (Map<String, Object>)
          EventJson.read(
              JSON,
              new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
              EventJson::any);
    } catch (MalformedEvent e) {
      throw new IllegalArgumentException("the message body is no JSON object: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A field that is a string, else null. */
  public static String text(Map<String, Object> object, String field) {
    Object v = object == null ? null : object.get(field);
    return v instanceof String s ? s : null;
  }

  /** A field that is an object, else null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> child(Map<String, Object> object, String field) {
    Object v = object == null ? null : object.get(field);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
