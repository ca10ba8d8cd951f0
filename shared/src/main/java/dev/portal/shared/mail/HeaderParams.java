package dev.portal.shared.mail;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A structured header value with parameters, as in Content-Type and Content-Disposition: {@code
 * value; name=token; name="quoted"}. Decodes RFC 2231 (charset, language, continuations {@code
 * name*0*=}) and, because mail clients send it, RFC 2047 inside quoted parameter values.
 *
 * @param value the part before the first ';', lower-cased and trimmed ("" when empty)
 * @param params parameter names lower-cased, values decoded
 */
record HeaderParams(String value, Map<String, String> params) {

  static final HeaderParams EMPTY = new HeaderParams("", Map.of());

  String param(String name) {
    return params.get(name);
  }

  static HeaderParams parse(String header, Warnings warnings) {
    if (header == null) {
      return EMPTY;
    }
    int semi = header.indexOf(';');
    String value = (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    int sp = value.indexOf(' ');
    if (sp > 0) {
      value = value.substring(0, sp); // "text/plain charset=x" without the ';'
    }
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>();
    int i = semi < 0 ? header.length() : semi + 1;
    int n = header.length();
    while (i < n) {
      while (i < n && (header.charAt(i) == ';' || Character.isWhitespace(header.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';') {
        i++;
      }
      String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
      if (i >= n || header.charAt(i) == ';') {
        continue; // a parameter without a value
      }
      i++; // '='
      while (i < n && Character.isWhitespace(header.charAt(i))) {
        i++;
      }
      String raw;
      boolean quoted = i < n && header.charAt(i) == '"';
      if (quoted) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && header.charAt(i) != '"') {
          char c = header.charAt(i);
          if (c == '\\' && i + 1 < n) {
            c = header.charAt(++i);
          }
          sb.append(c);
          i++;
        }
        i++; // closing quote
        raw = sb.toString();
        while (i < n && header.charAt(i) != ';') {
          i++;
        }
      } else {
        int start = i;
        while (i < n && header.charAt(i) != ';') {
          i++;
        }
        raw = header.substring(start, i).trim();
      }
      if (name.isEmpty()) {
        continue;
      }
      // RFC 2231: name*=charset'lang'%XX, name*0=..., name*1*=%XX...
      int star = name.indexOf('*');
      if (star < 0) {
        plain.putIfAbsent(name, raw);
        continue;
      }
      String base = name.substring(0, star);
      String rest = name.substring(star + 1);
      boolean encoded = rest.endsWith("*") || rest.isEmpty();
      String sectionText = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
      int section = 0;
      if (!sectionText.isEmpty()) {
        try {
          section = Integer.parseInt(sectionText);
        } catch (NumberFormatException e) {
          continue;
        }
      }
      continued
          .computeIfAbsent(base, k -> new TreeMap<>())
          .put(section, new String[] {raw, encoded ? "*" : ""});
    }
    Map<String, String> params = new LinkedHashMap<>();
    continued.forEach((name, sections) -> params.put(name, joinRfc2231(sections, warnings)));
    plain.forEach((name, raw) -> params.putIfAbsent(name, EncodedWords.decode(raw, warnings)));
    return new HeaderParams(value, params);
  }

  private static String joinRfc2231(TreeMap<Integer, String[]> sections, Warnings warnings) {
    String charset = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean first = true;
    for (String[] section : sections.values()) {
      String raw = section[0];
      boolean encoded = !section[1].isEmpty();
      if (first && encoded) {
        int q1 = raw.indexOf('\'');
        int q2 = q1 < 0 ? -1 : raw.indexOf('\'', q1 + 1);
        if (q2 > 0) {
          charset = raw.substring(0, q1);
          raw = raw.substring(q2 + 1);
        }
      }
      first = false;
      if (encoded) {
        percentDecode(raw, bytes);
      } else {
        // Unencoded sections are already text (the header was decoded); re-encode them for the
        // join.
        bytes.writeBytes(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (charset == null) {
          charset = "utf-8";
        }
      }
    }
    // Percent-encoding can carry any byte: %0D%0A must not come out as a line break in a file name.
    return HeaderText.clean(
        MailCharsets.decode(bytes.toByteArray(), charset, warnings, "parameter"));
  }

  private static void percentDecode(String raw, ByteArrayOutputStream out) {
    for (int k = 0; k < raw.length(); k++) {
      char c = raw.charAt(k);
      if (c == '%' && hex(raw, k + 1) && hex(raw, k + 2)) {
        out.write(Integer.parseInt(raw.substring(k + 1, k + 3), 16));
        k += 2;
      } else {
        out.write(c & 0xff);
      }
    }
  }

  private static boolean hex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
