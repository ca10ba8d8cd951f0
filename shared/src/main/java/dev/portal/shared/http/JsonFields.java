package dev.portal.shared.http;

import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.WireNames;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import io.micronaut.json.tree.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the fields of a JSON object body and collects every problem before failing, so a caller
 * learns all that is wrong with a request in one answer. Unknown fields are errors too: a misspelt
 * optional field would otherwise be silently ignored.
 */
public final class JsonFields {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> errors;
  private final Set<String> read = new HashSet<>();
  private final List<JsonFields> children = new ArrayList<>();

  private JsonFields(JsonNode node, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  public static JsonFields of(JsonNode node) {
    if (node == null || !node.isObject())
      throw new PortalException.Invalid("body", "must be a JSON object");
    return new JsonFields(node, "", new ArrayList<>());
  }

  private String path(String name) {
    return prefix + name;
  }

  /**
   * A nested object, read with the same rules; its problems are named {@code name.field}. Null when
   * absent or not an object.
   */
  public JsonFields object(String name, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    if (!v.isObject()) {
      errors.add(new FieldError(path(name), "must be an object"));
      return null;
    }
    JsonFields child = new JsonFields(v, path(name) + ".", errors);
    children.add(child);
    return child;
  }

  /** An array of {@code min..max} objects; their problems are named {@code name[i].field}. */
  public List<JsonFields> objects(String name, int min, int max, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return List.of();
    }
    if (!v.isArray() || v.size() < min || v.size() > max) {
      errors.add(
          new FieldError(path(name), "must be an array of " + min + " to " + max + " objects"));
      return List.of();
    }
    List<JsonFields> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      if (!item.isObject()) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "must be an object"));
      } else {
        JsonFields child = new JsonFields(item, path(name) + "[" + i + "].", errors);
        children.add(child);
        out.add(child);
      }
      i++;
    }
    return out;
  }

  /** A calendar date {@code YYYY-MM-DD}. */
  public LocalDate date(String name, boolean required) {
    String s = text(name, 1, 10, required, false);
    if (s == null) return null;
    try {
      if (s.length() == 10) return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      // reported below
    }
    errors.add(new FieldError(path(name), "must be a date YYYY-MM-DD"));
    return null;
  }

  /**
   * An array of at most {@code maxItems} dates {@code YYYY-MM-DD}, sorted, each once; null when
   * absent.
   */
  public List<LocalDate> dates(String name, int maxItems) {
    JsonNode v = field(name);
    if (v == null) return null;
    if (!v.isArray() || v.size() > maxItems) {
      errors.add(
          new FieldError(
              path(name), "must be an array of at most " + maxItems + " dates YYYY-MM-DD"));
      return null;
    }
    java.util.TreeSet<LocalDate> out = new java.util.TreeSet<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      LocalDate d = null;
      try {
        if (item.isString() && item.getStringValue().length() == 10)
          d = LocalDate.parse(item.getStringValue());
      } catch (DateTimeParseException e) {
        // reported below
      }
      if (d == null) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "must be a date YYYY-MM-DD"));
      } else if (!out.add(d)) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "is listed twice"));
      }
      i++;
    }
    return List.copyOf(out);
  }

  /** An ISO-4217 currency code, upper-cased. */
  public String currency(String name, boolean required) {
    String s = text(name, 1, 3, required, false);
    if (s == null) return null;
    Optional<String> code = Money.parseCurrency(s);
    if (code.isEmpty())
      errors.add(new FieldError(path(name), "must be an ISO-4217 currency code such as EUR"));
    return code.orElse(null);
  }

  /** Money as the contract writes it: {@code {"amountMinor": 150000, "currency": "EUR"}}. */
  public Money money(String name, long maxMinor, boolean required) {
    JsonFields m = object(name, required);
    if (m == null) return null;
    Long amount = m.whole("amountMinor", 0, maxMinor, true);
    String currency = m.currency("currency", true);
    return amount == null || currency == null ? null : new Money(amount, currency);
  }

  /** A whole number in {@code min..max} as a long. */
  public Long whole(String name, long min, long max, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    if (!v.isNumber() || !isWhole(v)) {
      errors.add(new FieldError(path(name), "must be a whole number"));
      return null;
    }
    long n = v.getNumberValue().longValue();
    if (n < min || n > max) {
      errors.add(new FieldError(path(name), "must be between " + min + " and " + max));
      return null;
    }
    return n;
  }

  /**
   * Text of {@code min..max} characters (code points) after stripping surrounding white space; an
   * error when absent or null.
   */
  public String requiredText(String name, int min, int max) {
    return text(name, min, max, true, true);
  }

  /** Like {@link #requiredText}, but null without an error when absent or null. */
  public String optionalText(String name, int min, int max) {
    return text(name, min, max, false, true);
  }

  /**
   * Text of {@code min..max} characters (code points) exactly as sent, surrounding white space
   * included (it counts, and a blank text is empty); an error when absent or null.
   */
  public String requiredTextAsIs(String name, int min, int max) {
    return text(name, min, max, true, false);
  }

  /** Like {@link #requiredTextAsIs}, but null without an error when absent or null. */
  public String optionalTextAsIs(String name, int min, int max) {
    return text(name, min, max, false, false);
  }

  private String text(String name, int min, int max, boolean required, boolean strip) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    if (!v.isString()) {
      errors.add(new FieldError(path(name), "must be a string"));
      return null;
    }
    String s = strip ? v.getStringValue().strip() : v.getStringValue();
    int len = s.codePointCount(0, s.length());
    if (len < min || (min > 0 && s.isBlank())) {
      errors.add(
          new FieldError(
              path(name),
              min == 1 ? "must not be empty" : "must have at least " + min + " characters"));
      return null;
    }
    if (len > max) {
      errors.add(new FieldError(path(name), "must have at most " + max + " characters"));
      return null;
    }
    return s;
  }

  public String email(String name, boolean required) {
    String s = text(name, 3, 254, required, true);
    if (s == null) return null;
    if (!EMAIL.matcher(s).matches()) {
      errors.add(new FieldError(path(name), "must be an email address"));
      return null;
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * One of a closed set of words, parsed by {@code parse}; {@code allowed} lists them for the
   * message.
   */
  private <E> E choice(
      String name, Function<String, Optional<E>> parse, List<String> allowed, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    Optional<E> parsed = v.isString() ? parse.apply(v.getStringValue()) : Optional.empty();
    if (parsed.isEmpty())
      errors.add(new FieldError(path(name), "must be one of " + String.join(", ", allowed)));
    return parsed.orElse(null);
  }

  /**
   * One of {@code allowed} (an enum's values, or the few this request may name) by its wire word;
   * the error lists exactly those words.
   */
  public <E extends WireNames.Wired> E choice(String name, List<E> allowed, boolean required) {
    return choice(name, w -> WireNames.find(allowed, w), WireNames.words(allowed), required);
  }

  /** Like {@link #choice(String, List, boolean)}, for a non-empty list without duplicates. */
  public <E extends WireNames.Wired> List<E> choices(
      String name, List<E> allowed, boolean required) {
    return choices(name, w -> WireNames.find(allowed, w), WireNames.words(allowed), required);
  }

  public Boolean bool(String name) {
    JsonNode v = field(name);
    if (v == null) return null;
    if (!v.isBoolean()) {
      errors.add(new FieldError(path(name), "must be true or false"));
      return null;
    }
    return v.getBooleanValue();
  }

  public Integer integer(String name, int min, int max, boolean required) {
    Long n = whole(name, min, max, required);
    return n == null ? null : n.intValue();
  }

  /**
   * A non-empty list of words from a closed set, each parsed by {@code parse}, without duplicates.
   */
  private <E> List<E> choices(
      String name, Function<String, Optional<E>> parse, List<String> allowed, boolean required) {
    JsonNode v = field(name);
    if (v == null) {
      if (required) errors.add(new FieldError(path(name), "is required"));
      return List.of();
    }
    if (!v.isArray() || v.size() == 0) {
      errors.add(
          new FieldError(path(name), "must be a non-empty array of " + String.join(", ", allowed)));
      return List.of();
    }
    if (v.size() > allowed.size()) {
      errors.add(new FieldError(path(name), "must have at most " + allowed.size() + " items"));
      return List.of();
    }
    List<E> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      Optional<E> parsed = item.isString() ? parse.apply(item.getStringValue()) : Optional.empty();
      if (parsed.isEmpty()) {
        errors.add(
            new FieldError(
                path(name) + "[" + i + "]", "must be one of " + String.join(", ", allowed)));
      } else if (out.contains(parsed.get())) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "is listed twice"));
      } else {
        out.add(parsed.get());
      }
      i++;
    }
    return out;
  }

  /** A list of internet domain names, lower-cased, without duplicates. */
  public List<String> domains(String name, int maxItems) {
    JsonNode v = field(name);
    if (v == null) return List.of();
    if (!v.isArray()) {
      errors.add(new FieldError(path(name), "must be an array of domain names"));
      return List.of();
    }
    if (v.size() > maxItems) {
      errors.add(new FieldError(path(name), "must have at most " + maxItems + " items"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      String d =
          item.isString() ? item.getStringValue().strip().toLowerCase(java.util.Locale.ROOT) : null;
      if (d == null || !DOMAIN.matcher(d).matches()) {
        errors.add(
            new FieldError(
                path(name) + "[" + i + "]", "must be a domain name such as globex.example"));
      } else if (out.contains(d)) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "is listed twice"));
      } else {
        out.add(d);
      }
      i++;
    }
    return out;
  }

  /**
   * Whether the field is present with the value {@code null} (a PATCH's "remove it"), as opposed to
   * absent.
   */
  public boolean isNull(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v != null && v.isNull();
  }

  /** Whether the field is present at all, {@code null} included. */
  public boolean has(String name) {
    return node.get(name) != null;
  }

  /**
   * A list of at most {@code maxItems} distinct email addresses, lower-cased; empty when absent.
   */
  public List<String> emails(String name, int maxItems) {
    JsonNode v = field(name);
    if (v == null) return List.of();
    if (!v.isArray()) {
      errors.add(new FieldError(path(name), "must be an array of email addresses"));
      return List.of();
    }
    if (v.size() > maxItems) {
      errors.add(new FieldError(path(name), "must have at most " + maxItems + " items"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : v.values()) {
      String e =
          item.isString() ? item.getStringValue().strip().toLowerCase(java.util.Locale.ROOT) : null;
      if (e == null || e.length() > 254 || !EMAIL.matcher(e).matches()) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "must be an email address"));
      } else if (out.contains(e)) {
        errors.add(new FieldError(path(name) + "[" + i + "]", "is listed twice"));
      } else {
        out.add(e);
      }
      i++;
    }
    return out;
  }

  /**
   * Every field of the object as a boolean (a map of choices); one error per field that is not true
   * or false.
   */
  public Map<String, Boolean> booleans(int maxFields) {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    if (node.size() > maxFields) {
      errors.add(new FieldError("body", "must have at most " + maxFields + " fields"));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : node.entries()) {
      read.add(e.getKey());
      if (!e.getValue().isBoolean()) {
        errors.add(new FieldError(path(e.getKey()), "must be true or false"));
      } else {
        out.put(e.getKey(), e.getValue().getBooleanValue());
      }
    }
    return out;
  }

  /** Fails with every collected problem, and with one per field the route does not know. */
  public void done() {
    unknownFields();
    if (!errors.isEmpty()) throw new PortalException.Invalid(errors);
  }

  private void unknownFields() {
    for (Map.Entry<String, JsonNode> e : node.entries()) {
      if (!read.contains(e.getKey()))
        errors.add(new FieldError(path(e.getKey()), "is not a field of this request"));
    }
    for (JsonFields child : children) child.unknownFields();
  }

  public void error(String field, String message) {
    errors.add(new FieldError(path(field), message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  private JsonNode field(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static boolean isWhole(JsonNode v) {
    Number n = v.getNumberValue();
    return n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof Byte
        || (n instanceof java.math.BigInteger b && b.bitLength() < 63);
  }
}
