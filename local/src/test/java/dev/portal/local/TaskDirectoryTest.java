package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDirectoryTest {
  @TempDir Path tmp;

  private Path jar(String... namesAndContents) throws IOException {
    Path jar = tmp.resolve("fn-" + namesAndContents.length + ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        if (!namesAndContents[i].endsWith("/")) {
          zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void everyEntryLandsUnderTheDirectoryAndAnEarlierUnpackIsReplaced() throws IOException {
    Path dir = tmp.resolve("task");
    TaskDirectory.unpack(jar("old/Gone.class", "x"), dir);
    TaskDirectory.unpack(
        jar(
            "META-INF/",
            "",
            "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/a.B",
            "",
            "dev/portal/A.class",
            "cafe"),
        dir);
    assertEquals("cafe", Files.readString(dir.resolve("dev/portal/A.class")));
    assertTrue(
        Files.isRegularFile(
            dir.resolve("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/a.B")));
    assertFalse(Files.exists(dir.resolve("old")), "what an earlier jar left is gone");
  }

  @Test
  void anEntryOutsideTheDirectoryIsRefused() throws IOException {
    Path dir = tmp.resolve("task");
    Path evil = jar("ok.txt", "1", "../escaped.txt", "2");
    assertThrows(IOException.class, () -> TaskDirectory.unpack(evil, dir));
    assertFalse(Files.exists(tmp.resolve("escaped.txt")));
  }
}
