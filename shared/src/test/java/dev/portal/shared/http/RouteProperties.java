package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.domain.Role;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Route matching against the rule it replaced, written as it was (split the template and the path
 * on every '/', compare segment by segment, percent-decode a parameter): over paths made of the
 * templates' own segments, parameters, escapes (valid and malformed), '+', empty segments and
 * slashes at either end.
 */
class RouteProperties {
  private static final List<String> TEMPLATES =
      List.of(
          "/v1/tickets",
          "/v1/tickets/{id}",
          "/v1/tickets/{id}/comments",
          "/v1/clients/{clientId}/contacts/{email}",
          "/",
          "/v1/{a}/{b}");

  static Map<String, String> bySplitting(String template, String path) {
    String[] want = template.split("/", -1);
    String[] got = path.split("/", -1);
    if (want.length != got.length) return null;
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < want.length; i++) {
      String w = want[i];
      if (w.startsWith("{") && w.endsWith("}")) {
        if (got[i].isEmpty()) return null;
        String value;
        try {
          value = URLDecoder.decode(got[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return null;
        }
        params.put(w.substring(1, w.length() - 1), value);
      } else if (!w.equals(got[i])) {
        return null;
      }
    }
    return params;
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.of(
                "", "v1", "V1", "tickets", "ticket", "comments", "clients", "contacts", "{id}"),
            Arbitraries.strings().withChars("abAZ09-_.+%2Fé@ ~").ofMinLength(0).ofMaxLength(8),
            Arbitraries.of("%41", "%2F", "%zz", "%", "%4", "a+b", "%E2%82%AC", "%C3"));
    return segment.list().ofMinSize(0).ofMaxSize(7).map(s -> String.join("/", s));
  }

  /** A template with each parameter, and now and then a literal, replaced by a segment. */
  @Provide
  Arbitrary<String> nearPaths() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("abAZ09-_.+%2Fé@ ~/").ofMinLength(0).ofMaxLength(8),
            Arbitraries.of("%41", "%2F", "%zz", "%", "%4", "a+b", "%E2%82%AC", "%C3", "+", ""));
    return Arbitraries.of(TEMPLATES)
        .flatMap(
            template -> {
              String[] parts = template.split("/", -1);
              return Arbitraries.integers()
                  .between(0, 7)
                  .list()
                  .ofSize(parts.length)
                  .flatMap(
                      coins ->
                          value
                              .list()
                              .ofSize(parts.length)
                              .map(
                                  values -> {
                                    String[] out = parts.clone();
                                    for (int i = 0; i < out.length; i++) {
                                      if (out[i].startsWith("{") || coins.get(i) == 0)
                                        out[i] = values.get(i);
                                    }
                                    return String.join("/", out) + (coins.get(0) == 1 ? "/" : "");
                                  }));
            });
  }

  @Property(tries = 4000)
  void matchesPathsNearTheTemplatesAsSplittingDid(
      @ForAll("nearPaths") String path, @ForAll("templates") String template) {
    Route route = Route.get(template, EnumSet.of(Role.AGENT), request -> null);
    assertEquals(bySplitting(template, path), route.match(path), template + " " + path);
  }

  @Property(tries = 4000)
  void matchesEveryPathAsSplittingDid(
      @ForAll("paths") String path, @ForAll("templates") String template) {
    Route route = Route.get(template, EnumSet.of(Role.AGENT), request -> null);
    assertEquals(bySplitting(template, path), route.match(path), template + " " + path);
  }

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of(TEMPLATES);
  }
}
