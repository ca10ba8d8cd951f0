package dev.portal.shared.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hostile file name, stored and sent back, can neither escape a directory when saved, split or
 * extend a header, nor disguise its extension; and the name a browser decodes is the stored one.
 */
class FileNamesTest {
  private static final Pattern DISPOSITION =
      Pattern.compile(
          "attachment; filename=\"([\\x20-\\x7e&&[^\"\\\\%]]*)\"; filename\\*=UTF-8''([A-Za-z0-9!#$&+\\-.^_`|~%]*)");

  /** Pieces attackers and broken clients send, mixed with ordinary text. */
  @Provide
  Arbitrary<String> hostileNames() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.of(
                "\r\n",
                "\r",
                "\n",
                "\u0000",
                "\u0007",
                "\u001b[31m",
                "\u007f",
                "\u0085",
                "\"",
                "'",
                "\\",
                "/",
                "../",
                "..\\",
                ".",
                "%",
                "%0d%0a",
                ";",
                "; filename=evil.exe",
                "\u202e",
                "\u202d",
                "\u2066",
                "\u200b",
                "\ufeff",
                "\u2028",
                "\u2029",
                "\ud83d\ude00",
                "\ud835\udd4f",
                "\ud800",
                "\udfff",
                "e\u0301",
                "\u00e9",
                "\uff0f",
                " ",
                "\t",
                "\u3000",
                "\ue000",
                "Отчёт",
                "报告",
                "שלום",
                ".exe",
                ".png"),
            Arbitraries.strings().ofMinLength(0).ofMaxLength(12),
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(8));
    return pieces.list().ofMinSize(0).ofMaxSize(300).map(l -> String.join("", l));
  }

  @Property(tries = 1000)
  void aStoredNameHasNoControlFormatOrSeparatorCharacterAndFitsTheCap(
      @ForAll("hostileNames") String name) {
    String safe = FileNames.sanitise(name);
    assertFalse(safe.isEmpty());
    assertTrue(safe.codePointCount(0, safe.length()) <= FileNames.MAX_CODE_POINTS, safe);
    assertTrue(Normalizer.isNormalized(safe, Normalizer.Form.NFC), safe);
    assertFalse(safe.startsWith("."), safe);
    assertFalse(safe.endsWith(".") || safe.endsWith(" ") || safe.startsWith(" "), safe);
    safe.codePoints()
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              assertFalse(cp == '/' || cp == '\\', safe);
              assertFalse(
                  type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.SURROGATE
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR
                      || type == Character.PRIVATE_USE,
                  () -> "U+" + Integer.toHexString(cp) + " kept in " + safe);
            });
    assertEquals(safe, FileNames.sanitise(safe), "sanitising twice changes nothing");
  }

  @Property(tries = 1000)
  void aDispositionIsOneHeaderValueThatDecodesToTheStoredName(@ForAll("hostileNames") String name) {
    String header = FileNames.contentDisposition(name);
    header.chars().forEach(c -> assertTrue(c >= 0x20 && c < 0x7f, header));
    Matcher m = DISPOSITION.matcher(header);
    assertTrue(m.matches(), header);
    assertEquals(FileNames.sanitise(name), percentDecoded(m.group(2)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "../../etc/passwd|_.._etc_passwd",
        "..\\..\\boot.ini|_.._boot.ini",
        ".htaccess|htaccess",
        "report.pdf...|report.pdf",
        "' '|file",
        "screen shot 1.png|screen shot 1.png",
      })
  void pathsAndHiddenNamesAreDefused(String name, String expected) {
    assertEquals(expected, FileNames.sanitise(name));
  }

  @org.junit.jupiter.api.Test
  void overridesAndLineBreaksDoNotSurvive() {
    assertEquals("invoicegpj.exe", FileNames.sanitise("invoice\u202egpj.exe"));
    assertEquals("a  Content-Type: text_html", FileNames.sanitise("a\r\nContent-Type: text/html"));
    assertEquals("ab", FileNames.sanitise("a\u0000\u200b\ufeffb"));
  }

  @ParameterizedTest
  @CsvSource({"e\u0301t\u00e9.txt,\u00e9t\u00e9.txt"})
  void namesAreStoredInNfc(String name, String expected) {
    assertEquals(expected, FileNames.sanitise(name));
  }

  @ParameterizedTest
  @CsvSource({"400,.png", "1000,.tar.gz"})
  void aLongNameIsCutAtACodePointKeepingItsExtension(int repeats, String ext) {
    String name = "\ud83d\ude00".repeat(repeats) + ext;
    String safe = FileNames.sanitise(name);
    assertEquals(FileNames.MAX_CODE_POINTS, safe.codePointCount(0, safe.length()));
    assertTrue(safe.endsWith(ext.substring(ext.lastIndexOf('.'))), safe);
    assertTrue(safe.startsWith("\ud83d\ude00"), safe);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Отчёт \"Q4\"; 100%.pdf|attachment; filename=\"_____ _Q4_; 100_.pdf\"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%22Q4%22%3B%20100%25.pdf",
        "a*b'c.txt|attachment; filename=\"a*b'c.txt\"; filename*=UTF-8''a%2Ab%27c.txt",
      })
  void theDispositionCarriesAnAsciiStandInAndTheExactName(String name, String expected) {
    assertEquals(expected, FileNames.contentDisposition(name));
  }

  private static String percentDecoded(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
