package dev.portal.shared.mail;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML mail as plain text: no markup, nothing of script, style or head, a line break at every block
 * element and {@code <br>}, a blank line around paragraphs, links as their text. Whitespace inside
 * text collapses as a browser would; {@code <pre>} keeps it.
 */
final class HtmlText {

  private static final Set<String> SKIP =
      Set.of(
          "script",
          "style",
          "head",
          "title",
          "noscript",
          "template",
          "object",
          "embed",
          "iframe",
          "svg",
          "xml",
          "meta",
          "link");
  private static final Set<String> BLOCK =
      Set.of(
          "div",
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "ul",
          "ol",
          "li",
          "dl",
          "dt",
          "dd",
          "table",
          "tr",
          "blockquote",
          "pre",
          "hr",
          "section",
          "article",
          "header",
          "footer",
          "nav",
          "aside",
          "address",
          "form",
          "fieldset",
          "figure",
          "figcaption",
          "main",
          "center",
          "tbody",
          "thead",
          "tfoot",
          "caption",
          "body",
          "html");
  private static final Set<String> PARAGRAPH =
      Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre");

  private HtmlText() {}

  static String toText(String html) {
    Document doc = Jsoup.parse(html);
    Builder builder = new Builder();
    NodeTraversor.traverse(builder, doc.body() == null ? doc : doc.body());
    return builder.result();
  }

  private static final class Builder implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int skipDepth;
    private int preDepth;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof Element e) {
        String tag = e.normalName();
        if (SKIP.contains(tag)) {
          skipDepth++;
          return;
        }
        if (skipDepth > 0) {
          return;
        }
        if (tag.equals("pre")) {
          preDepth++;
        }
        if (tag.equals("br")) {
          newline();
        } else if (PARAGRAPH.contains(tag)) {
          blankLine();
        } else if (BLOCK.contains(tag)) {
          lineBreak();
        } else if (tag.equals("td") || tag.equals("th")) {
          if (!atLineStart()) {
            out.append(' ');
          }
        }
        if (tag.equals("li")) {
          out.append("- ");
        }
      } else if (node instanceof TextNode t && skipDepth == 0) {
        appendText(preDepth > 0 ? t.getWholeText() : collapse(t.getWholeText()));
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        String tag = e.normalName();
        if (SKIP.contains(tag)) {
          skipDepth--;
          return;
        }
        if (skipDepth > 0) {
          return;
        }
        if (tag.equals("pre")) {
          preDepth--;
        }
        if (PARAGRAPH.contains(tag)) {
          blankLine();
        } else if (BLOCK.contains(tag)) {
          lineBreak();
        }
      }
    }

    private void appendText(String text) {
      if (text.isEmpty()) {
        return;
      }
      if (text.startsWith(" ") && (atLineStart() || out.charAt(out.length() - 1) == ' ')) {
        text = text.substring(1);
      }
      out.append(text);
    }

    private static String collapse(String text) {
      StringBuilder sb = new StringBuilder(text.length());
      boolean space = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
          if (!space) {
            sb.append(' ');
          }
          space = true;
        } else {
          sb.append(c == '\u00a0' ? ' ' : c);
          space = false;
        }
      }
      return sb.toString();
    }

    private boolean atLineStart() {
      return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
    }

    private void trimTrailingSpaces() {
      int len = out.length();
      while (len > 0 && out.charAt(len - 1) == ' ') {
        len--;
      }
      out.setLength(len);
    }

    private void newline() {
      trimTrailingSpaces();
      out.append('\n');
    }

    private void lineBreak() {
      trimTrailingSpaces();
      if (!atLineStart()) {
        out.append('\n');
      }
    }

    private void blankLine() {
      lineBreak();
      if (out.length() >= 2 && out.charAt(out.length() - 2) != '\n') {
        out.append('\n');
      }
    }

    String result() {
      trimTrailingSpaces();
      // No more than one blank line in a row; no blank lines at the ends.
      return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
  }
}
