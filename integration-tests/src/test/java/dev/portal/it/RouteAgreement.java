package dev.portal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Routes written as API Gateway route keys ({@code POST /v1/tickets}), read from template.yaml, and
 * compared between two sources so that a route declared in one place only is named.
 */
final class RouteAgreement {
  private RouteAgreement() {}

  /** One line per route that one side has and the other lacks; empty when they agree. */
  static List<String> differences(
      String leftName, Set<String> left, String rightName, Set<String> right) {
    List<String> out = new ArrayList<>();
    for (String r : new TreeSet<>(left)) {
      if (!right.contains(r)) out.add(r + ": in " + leftName + ", not in " + rightName);
    }
    for (String r : new TreeSet<>(right)) {
      if (!left.contains(r)) out.add(r + ": in " + rightName + ", not in " + leftName);
    }
    return out;
  }

  static Path template() {
    String root = System.getProperty("portal.repo.root");
    Path file = Path.of(root == null ? ".." : root).resolve("template.yaml");
    if (!Files.isRegularFile(file)) file = Path.of("..", "template.yaml");
    return file.toAbsolutePath();
  }

  /**
   * template.yaml's HttpApi events by the handler class of their function ({@code
   * dev.portal.fn...Function}). The CloudFormation short forms ({@code !Ref}, {@code !Sub}...) are
   * dropped first: only plain values are read here.
   */
  static Map<String, Set<String>> templateRoutes() {
    String yaml;
    try {
      yaml = Files.readString(template());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode resources =
        new YAMLMapper()
            .readTree(yaml.replaceAll("!(Ref|Sub|GetAtt|Split|Join|If|Equals) ", ""))
            .path("Resources");
    Map<String, Set<String>> routes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> r : resources.properties()) {
      JsonNode props = r.getValue().path("Properties");
      if (!"AWS::Serverless::Function".equals(r.getValue().path("Type").asString(""))) continue;
      String handler = props.path("Handler").asString("").split("::", 2)[0];
      for (JsonNode event : props.path("Events").values()) {
        if (!"HttpApi".equals(event.path("Type").asString(""))) continue;
        JsonNode p = event.path("Properties");
        routes
            .computeIfAbsent(handler, h -> new TreeSet<>())
            .add(
                p.path("Method").asString("").toUpperCase(java.util.Locale.ROOT)
                    + " "
                    + p.path("Path").asString(""));
      }
    }
    return routes;
  }
}
