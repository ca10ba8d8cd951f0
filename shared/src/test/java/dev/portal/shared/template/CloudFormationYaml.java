package dev.portal.shared.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml as plain maps and lists. CloudFormation's short forms ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, {@code !If}, ...) become their long forms ({@code {Ref: x}}, {@code {Fn::Sub:
 * ...}}, {@code {Fn::GetAtt: [r, a]}}), so a test compares either spelling the same way.
 */
final class CloudFormationYaml {
  private CloudFormationYaml() {}

  static Map<String, Object> read(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    Yaml yaml = new Yaml(new IntrinsicsConstructor(options));
    @SuppressWarnings("unchecked")
    Map<String, Object> template = (Map<String, Object>) yaml.load(Files.readString(file));
    return template;
  }

  static Path templatePath() {
    return Path.of(System.getProperty("portal.repo.root", "..")).resolve("template.yaml");
  }

  private static final class IntrinsicsConstructor extends SafeConstructor {
    IntrinsicsConstructor(LoaderOptions options) {
      super(options);
      yamlMultiConstructors.put(
          "!",
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              String name = node.getTag().getValue().substring(1);
              Object value =
                  switch (node) {
                    case ScalarNode s -> s.getValue();
                    case SequenceNode s -> new ArrayList<>(constructSequence(s));
                    case MappingNode m -> new LinkedHashMap<>(constructMapping(m));
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                  };
              if (name.equals("Ref")) return Map.of("Ref", value);
              if (name.equals("GetAtt") && value instanceof String s) {
                int dot = s.indexOf('.');
                return Map.of("Fn::GetAtt", List.of(s.substring(0, dot), s.substring(dot + 1)));
              }
              return Map.of("Fn::" + name, value);
            }
          });
    }
  }
}
