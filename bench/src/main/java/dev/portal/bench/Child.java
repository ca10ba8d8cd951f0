package dev.portal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM: started with the Lambda flags, its {@code @bench} lines collected with the time
 * (on this JVM's clock) each arrived. Everything else the child prints (the functions' JSON logs)
 * is read and dropped, so a full pipe never stalls it; the last lines are kept for the error
 * message when a child fails.
 */
final class Child {
  record Line(String text, long arrivedNanos) {}

  record Result(
      long startedNanos, long startedMillis, List<Line> lines, int exit, List<String> tail) {
    Line first(String prefix) {
      return first(prefix, "");
    }

    Line first(String prefix, String who) {
      return lines.stream()
          .filter(l -> l.text().startsWith(prefix))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "child "
                          + who
                          + " printed no '"
                          + prefix
                          + "' (exit "
                          + exit
                          + "): "
                          + String.join("\n", tail)));
    }

    List<Line> all(String prefix) {
      return lines.stream().filter(l -> l.text().startsWith(prefix)).toList();
    }
  }

  private Child() {}

  static Result run(
      Path java,
      List<String> jvmFlags,
      String classPath,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      long timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().putAll(env);
    List<Line> lines = new ArrayList<>();
    List<String> tail = new ArrayList<>();
    long startedMillis = System.currentTimeMillis();
    long started = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command, e);
    }
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        long at = System.nanoTime();
        if (line.startsWith("@bench ")) {
          lines.add(new Line(line.substring(7), at));
        } else {
          tail.add(line.length() > 400 ? line.substring(0, 400) + "..." : line);
          if (tail.size() > 30) tail.removeFirst();
        }
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    } catch (IOException e) {
      p.destroyForcibly();
      throw new IllegalStateException("reading the child's output failed", e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Result(started, startedMillis, lines, p.exitValue(), tail);
  }
}
