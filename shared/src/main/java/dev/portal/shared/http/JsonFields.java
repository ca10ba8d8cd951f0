package dev.portal.shared.http;

import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the fields of a JSON object body and collects every problem before failing, so a caller learns all that is
 * wrong with a request in one answer. Unknown fields are errors too: a misspelt optional field would otherwise be
 * silently ignored.
 */
public final class JsonFields {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

  private final JsonNode node;
  private final List<FieldError> errors = new ArrayList<>();
  private final Set<String> read = new HashSet<>();

  private JsonFields(JsonNode node) {
    this.node = node;
  }

  public static JsonFields of(JsonNode node) {
    if (node == null || !node.isObject()) throw new PortalException.Invalid("body", "must be a JSON object");
    return new JsonFields(node);
  }

  /** Text of {@code min..max} characters (code points), stripped of surrounding white space when {@code strip}. */
  public String text(String name, int min, int max, boolean required, boolean strip) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(name, "is required"));
      return null;
    }
    if (!v.isString()) {
      errors.add(new FieldError(name, "must be a string"));
      return null;
    }
    String s = strip ? v.getStringValue().strip() : v.getStringValue();
    int len = s.codePointCount(0, s.length());
    if (len < min || (min > 0 && s.isBlank())) {
      errors.add(new FieldError(name, min == 1 ? "must not be empty" : "must have at least " + min + " characters"));
      return null;
    }
    if (len > max) {
      errors.add(new FieldError(name, "must have at most " + max + " characters"));
      return null;
    }
    return s;
  }

  public String email(String name, boolean required) {
    String s = text(name, 3, 254, required, true);
    if (s == null) return null;
    if (!EMAIL.matcher(s).matches()) {
      errors.add(new FieldError(name, "must be an email address"));
      return null;
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /** One of a closed set of words, parsed by {@code parse}; {@code allowed} lists them for the message. */
  public <E> E choice(String name, Function<String, Optional<E>> parse, List<String> allowed, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(name, "is required"));
      return null;
    }
    Optional<E> parsed = v.isString() ? parse.apply(v.getStringValue()) : Optional.empty();
    if (parsed.isEmpty()) errors.add(new FieldError(name, "must be one of " + String.join(", ", allowed)));
    return parsed.orElse(null);
  }

  public Boolean bool(String name) {
    JsonNode v = field(name);
    if (v == null) return null;
    if (!v.isBoolean()) {
      errors.add(new FieldError(name, "must be true or false"));
      return null;
    }
    return v.getBooleanValue();
  }

  public Integer integer(String name, int min, int max, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(name, "is required"));
      return null;
    }
    if (!v.isNumber() || !isWhole(v)) {
      errors.add(new FieldError(name, "must be a whole number"));
      return null;
    }
    long n = v.getNumberValue().longValue();
    if (n < min || n > max) {
      errors.add(new FieldError(name, "must be between " + min + " and " + max));
      return null;
    }
    return (int) n;
  }

  /** A list of internet domain names, lower-cased, without duplicates. */
  public List<String> domains(String name, int maxItems) {
    JsonNode v = field(name);
    if (v == null) return List.of();
    if (!v.isArray()) {
      errors.add(new FieldError(name, "must be an array of domain names"));
      return List.of();
    }
    if (v.size() > maxItems) {
      errors.add(new FieldError(name, "must have at most " + maxItems + " items"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      String d = item.isString() ? item.getStringValue().strip().toLowerCase(java.util.Locale.ROOT) : null;
      if (d == null || !DOMAIN.matcher(d).matches()) {
        errors.add(new FieldError(name + "[" + i + "]", "must be a domain name such as globex.example"));
      } else if (out.contains(d)) {
        errors.add(new FieldError(name + "[" + i + "]", "is listed twice"));
      } else {
        out.add(d);
      }
      i++;
    }
    return out;
  }

  /** Fails with every collected problem, and with one per field the route does not know. */
  public void done() {
    for (Map.Entry<String, JsonNode> e : node.entries()) {
      if (!read.contains(e.getKey())) errors.add(new FieldError(e.getKey(), "is not a field of this request"));
    }
    if (!errors.isEmpty()) throw new PortalException.Invalid(errors);
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private JsonNode field(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static boolean isWhole(JsonNode v) {
    Number n = v.getNumberValue();
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || (n instanceof java.math.BigInteger b && b.bitLength() < 63);
  }
}
