package dev.portal.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's shaded jar laid out as it is deployed: its entries unpacked into one directory, as
 * {@code sam build} puts them in the function's artifact (functions/function.mk) and Lambda in
 * {@code /var/task}, which the Java runtime's class loader reads as a directory. The bench's and
 * DeployableJarsIT's children load a function from here, as Lambda does, not from the jar.
 */
public final class TaskDirectory {
  private TaskDirectory() {}

  /**
   * Unpacks {@code jar} into {@code dir}, replacing whatever {@code dir} held.
   *
   * @return {@code dir}
   */
  public static Path unpack(Path jar, Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    delete(root);
    Files.createDirectories(root);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path out = root.resolve(entry.getName()).normalize();
        // Our own jars, but a name with ".." would still write outside the directory.
        if (!out.startsWith(root) || out.equals(root)) {
          throw new IOException(jar + " has an entry outside its root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return root;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException failed) {
                  throw new UncheckedIOException(failed);
                }
              });
    }
  }
}
