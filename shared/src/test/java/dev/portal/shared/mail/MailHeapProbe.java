package dev.portal.shared.mail;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the heap a 25 MB message costs to parse: writes it to a temp file, then parses it with
 * {@link AttachmentSink#DISCARD} and prints the peak heap in use above the baseline. A measurement,
 * not a test. Peak = sum over heap pools of {@link MemoryPoolMXBean#getPeakUsage()} after {@code
 * resetPeakUsage()} and a GC. Run it with {@code -XX:+UseSerialGC}: G1 updates its eden pool's
 * usage only at collections, so its peaks read low. A run under a small {@code -Xmx} (e.g. 48m,
 * less than the message) is the blunt proof that the message is never held whole.
 *
 * <p>Run: {@code java -Xmx256m -cp shared/target/classes:shared/target/test-classes:<mime4j,
 * commons-io, jsoup> dev.portal.shared.mail.MailHeapProbe} (see docs/mail-corpus.md for the exact
 * command).
 */
public final class MailHeapProbe {

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile("big-mail", ".eml");
    try {
      List<BigMail.Part> parts = BigMail.write(file, 13_000_000, 5_600_000);
      MailParser parser = new MailParser();
      // Warm up once so class loading is not counted.
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        parser.parse(in, AttachmentSink.DISCARD);
      }
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      System.gc();
      long before = used(heap);
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      ParsedMail mail;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        mail = parser.parse(in, AttachmentSink.DISCARD);
      }
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      System.gc();
      long after = used(heap);
      for (int i = 0; i < parts.size(); i++) {
        StoredAttachment a = mail.attachments().get(i);
        if (a.size() != parts.get(i).size() || !a.sha256Hex().equals(parts.get(i).sha256Hex())) {
          throw new AssertionError("attachment " + i + " differs: " + a);
        }
      }
      System.out.printf(
          "message: %.1f MB on disk, %d attachments%n",
          Files.size(file) / 1e6, mail.attachments().size());
      System.out.printf(
          "heap used before: %.1f MB, peak during parse: %.1f MB (growth %.1f MB), after: %.1f MB,"
              + " max heap %.0f MB%n",
          before / 1e6,
          peak / 1e6,
          (peak - before) / 1e6,
          after / 1e6,
          Runtime.getRuntime().maxMemory() / 1e6);
      System.out.printf(
          "allocated while parsing (garbage included): %.1f MB; GC: %s%n",
          allocated / 1e6,
          ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static long used(List<MemoryPoolMXBean> heap) {
    return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }
}
