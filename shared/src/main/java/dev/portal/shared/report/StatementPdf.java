package dev.portal.shared.report;

import dev.portal.shared.domain.Balance;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.Money;
import dev.portal.shared.service.ContractService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Lays out a {@link Statement} as an A4 PDF with PDFBox. The text is set in Liberation Sans (SIL
 * Open Font License 1.1, which allows embedding), embedded as a subset, so Cyrillic names and notes
 * print on any reader; a character the font has no glyph for prints as {@code ?} rather than
 * failing the document.
 */
public final class StatementPdf {
  /**
   * PDFBox's own copy of Liberation Sans (its fallback font), so no font artifact of its own is
   * needed.
   */
  private static final String REGULAR =
      "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

  private static final float MARGIN = 50;
  private static final float SIZE = 9.5f;
  private static final float LEADING = 13;

  /** Column offsets of the work log: date, ticket, minutes, billable, note. */
  private static final float[] COLUMNS = {0, 62, 150, 195, 260};

  private StatementPdf() {}

  private static final Map<Statement.Language, Map<String, String>> WORDS =
      Map.of(
          Statement.Language.EN,
              Map.ofEntries(
                  Map.entry("title", "Monthly statement"),
                  Map.entry("month", "Month"),
                  Map.entry("client", "Client"),
                  Map.entry("contracts", "Contracts"),
                  Map.entry("noContract", "No contract ran in this month."),
                  Map.entry(
                      "balance",
                      "prepaid %d min, used %d min, remaining %d min, overage %d min: %s"),
                  Map.entry("outside", "Billable work outside any contract: %d min"),
                  Map.entry("workLog", "Work log"),
                  Map.entry("date", "Date"),
                  Map.entry("ticket", "Ticket"),
                  Map.entry("minutes", "Minutes"),
                  Map.entry("billable", "Billable"),
                  Map.entry("note", "Note"),
                  Map.entry("yes", "yes"),
                  Map.entry("no", "no"),
                  Map.entry("none", "No work was logged in this month."),
                  Map.entry("total", "Total billable: %d min; not billable: %d min"),
                  Map.entry("support", "Support"),
                  Map.entry("tickets", "Tickets opened: %d; resolved: %d"),
                  Map.entry("reaction", "Reaction time kept: %s (%d of %d)"),
                  Map.entry("resolution", "Resolution time kept: %s (%d of %d)"),
                  Map.entry("notMeasured", "no ticket measured"),
                  Map.entry("csat", "Satisfaction: %s of 5 from %d ratings"),
                  Map.entry("noCsat", "Satisfaction: no ratings"),
                  Map.entry("invoices", "Invoices"),
                  Map.entry("noInvoices", "No invoice was issued in this month."),
                  Map.entry("invoice", "%s of %s, due %s: %s (%s)"),
                  Map.entry("truncated", "Only the first %d invoices are listed."),
                  Map.entry("issued", "issued"),
                  Map.entry("paid", "paid"),
                  Map.entry("void", "void"),
                  Map.entry("overdue", "overdue")),
          Statement.Language.RU,
              Map.ofEntries(
                  Map.entry("title", "Ежемесячный отчёт"),
                  Map.entry("month", "Месяц"),
                  Map.entry("client", "Клиент"),
                  Map.entry("contracts", "Договоры"),
                  Map.entry("noContract", "В этом месяце договор не действовал."),
                  Map.entry(
                      "balance",
                      "предоплачено %d мин, использовано %d мин, осталось %d мин, сверх пакета %d мин: %s"),
                  Map.entry("outside", "Оплачиваемая работа вне договора: %d мин"),
                  Map.entry("workLog", "Журнал работ"),
                  Map.entry("date", "Дата"),
                  Map.entry("ticket", "Заявка"),
                  Map.entry("minutes", "Минуты"),
                  Map.entry("billable", "Оплачиваемая"),
                  Map.entry("note", "Комментарий"),
                  Map.entry("yes", "да"),
                  Map.entry("no", "нет"),
                  Map.entry("none", "В этом месяце работы не было."),
                  Map.entry("total", "Итого оплачиваемых: %d мин; неоплачиваемых: %d мин"),
                  Map.entry("support", "Обслуживание"),
                  Map.entry("tickets", "Заявок открыто: %d; решено: %d"),
                  Map.entry("reaction", "Время реакции соблюдено: %s (%d из %d)"),
                  Map.entry("resolution", "Срок решения соблюдён: %s (%d из %d)"),
                  Map.entry("notMeasured", "заявок с замером нет"),
                  Map.entry("csat", "Оценка: %s из 5 по %d оценкам"),
                  Map.entry("noCsat", "Оценка: оценок нет"),
                  Map.entry("invoices", "Счета"),
                  Map.entry("noInvoices", "В этом месяце счета не выставлялись."),
                  Map.entry("invoice", "%s от %s, оплатить до %s: %s (%s)"),
                  Map.entry("truncated", "Показаны только первые %d счетов."),
                  Map.entry("issued", "выставлен"),
                  Map.entry("paid", "оплачен"),
                  Map.entry("void", "аннулирован"),
                  Map.entry("overdue", "просрочен")));

  public static byte[] render(Statement.Result s) {
    Map<String, String> w = WORDS.get(s.language());
    try (PDDocument doc = new PDDocument()) {
      // One face for all text: headings are set larger rather than bold, which would need a second
      // font file.
      PDFont font = font(doc, REGULAR);
      Writer out = new Writer(doc, font, font);
      doc.getDocumentInformation().setTitle(w.get("title") + " " + s.log().month());
      out.line(true, 14, w.get("title"));
      out.line(false, SIZE, w.get("client") + ": " + s.log().clientName());
      out.line(false, SIZE, w.get("month") + ": " + s.log().month());
      out.gap();
      out.line(true, 11, w.get("contracts"));
      if (s.usage().contracts().isEmpty()) out.line(false, SIZE, w.get("noContract"));
      for (ContractService.WithBalance c : s.usage().contracts()) {
        Balance b = c.balance();
        out.line(
            false,
            SIZE,
            c.contract().name()
                + ": "
                + String.format(
                    w.get("balance"),
                    b.prepaidMinutes(),
                    b.usedMinutes(),
                    b.remainingMinutes(),
                    b.overageMinutes(),
                    money(b.overageAmount())));
      }
      if (s.usage().uncontracted().billableMinutes() > 0) {
        out.line(
            false,
            SIZE,
            String.format(w.get("outside"), s.usage().uncontracted().billableMinutes()));
      }
      out.gap();
      support(out, w, s.figures());
      out.gap();
      out.line(true, 11, w.get("workLog"));
      if (s.log().lines().isEmpty()) {
        out.line(false, SIZE, w.get("none"));
      } else {
        out.row(
            true,
            w.get("date"),
            w.get("ticket"),
            w.get("minutes"),
            w.get("billable"),
            w.get("note"));
        for (WorkLog.Line l : s.log().lines()) {
          out.row(
              false,
              l.date().toString(),
              l.ticketNumber(),
              Integer.toString(l.entry().minutes()),
              w.get(l.entry().billable() ? "yes" : "no"),
              java.util.Objects.requireNonNullElse(l.entry().noteFor(l.showInternal()), ""));
        }
      }
      out.gap();
      out.line(
          true,
          SIZE,
          String.format(w.get("total"), s.log().minutesBillable(), s.log().minutesNotBillable()));
      out.gap();
      invoices(out, w, s);
      out.close();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      doc.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("the statement could not be rendered", e);
    }
  }

  private static void support(Writer out, Map<String, String> w, SupportFigures f)
      throws IOException {
    out.line(true, 11, w.get("support"));
    out.line(
        false,
        SIZE,
        String.format(
            w.get("tickets"), f.get(SupportFigures.OPENED), f.get(SupportFigures.RESOLVED)));
    out.line(
        false,
        SIZE,
        kept(w, "reaction", f, SupportFigures.REACTION_MET, SupportFigures.REACTION_BREACHED));
    out.line(
        false,
        SIZE,
        kept(
            w, "resolution", f, SupportFigures.RESOLUTION_MET, SupportFigures.RESOLUTION_BREACHED));
    Double csat = f.csatAverage();
    out.line(
        false,
        SIZE,
        csat == null
            ? w.get("noCsat")
            : String.format(
                w.get("csat"), String.valueOf(csat), f.get(SupportFigures.CSAT + "Count")));
  }

  private static String kept(
      Map<String, String> w, String what, SupportFigures f, String met, String breached) {
    Double percent = f.compliance(met, breached);
    long m = f.get(met);
    return String.format(
        w.get(what),
        percent == null ? w.get("notMeasured") : percent + "%",
        m,
        m + f.get(breached));
  }

  private static void invoices(Writer out, Map<String, String> w, Statement.Result s)
      throws IOException {
    out.line(true, 11, w.get("invoices"));
    if (s.invoices().invoices().isEmpty()) out.line(false, SIZE, w.get("noInvoices"));
    for (Invoice i : s.invoices().invoices()) {
      out.line(
          false,
          SIZE,
          String.format(
              w.get("invoice"),
              i.number(),
              i.issuedOn(),
              i.dueOn(),
              money(i.total()),
              w.get(i.shownStatus(s.today()))));
    }
    if (s.invoices().truncated()) {
      out.line(false, SIZE, String.format(w.get("truncated"), s.invoices().invoices().size()));
    }
  }

  static String money(Money m) {
    return m.shown();
  }

  private static PDFont font(PDDocument doc, String resource) throws IOException {
    try (InputStream in = StatementPdf.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("font " + resource + " is not on the class path");
      return PDType0Font.load(doc, in);
    }
  }

  /**
   * Writes lines top to bottom, starting a new page when one is full; text is cleaned to what the
   * font can show.
   */
  private static final class Writer {
    private final PDDocument doc;
    private final PDFont regular;
    private final PDFont bold;
    private PDPageContentStream page;
    private float y;

    Writer(PDDocument doc, PDFont regular, PDFont bold) throws IOException {
      this.doc = doc;
      this.regular = regular;
      this.bold = bold;
      newPage();
    }

    private void newPage() throws IOException {
      if (page != null) page.close();
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      page = new PDPageContentStream(doc, p);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void room(float height) throws IOException {
      if (y - height < MARGIN) newPage();
      y -= height;
    }

    void gap() {
      y -= LEADING / 2;
    }

    void line(boolean strong, float size, String text) throws IOException {
      PDFont f = strong ? bold : regular;
      for (String part : wrap(f, size, clean(f, text), PDRectangle.A4.getWidth() - 2 * MARGIN)) {
        room(size + 4);
        show(f, size, MARGIN, part);
      }
    }

    /** One work-log row; the note wraps within its column. */
    void row(boolean strong, String... cells) throws IOException {
      PDFont f = strong ? bold : regular;
      float noteX = COLUMNS[COLUMNS.length - 1];
      List<String> note =
          wrap(
              f,
              SIZE,
              clean(f, cells[cells.length - 1]),
              PDRectangle.A4.getWidth() - 2 * MARGIN - noteX);
      room(LEADING);
      for (int i = 0; i < cells.length - 1; i++)
        show(f, SIZE, MARGIN + COLUMNS[i], clean(f, cells[i]));
      for (int i = 0; i < note.size(); i++) {
        if (i > 0) room(LEADING);
        show(f, SIZE, MARGIN + noteX, note.get(i));
      }
    }

    private void show(PDFont f, float size, float x, String text) throws IOException {
      if (text.isEmpty()) return;
      page.beginText();
      page.setFont(f, size);
      page.newLineAtOffset(x, y);
      page.showText(text);
      page.endText();
    }

    void close() throws IOException {
      page.close();
    }
  }

  /**
   * Control characters become spaces; a character without a glyph in the font becomes {@code ?}.
   */
  static String clean(PDFont f, String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)
                  || Character.getType(cp) == Character.LINE_SEPARATOR
                  || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                b.append(' ');
                return;
              }
              String ch = new String(Character.toChars(cp));
              try {
                f.encode(ch);
                b.append(ch);
              } catch (IOException | IllegalArgumentException e) {
                b.append('?');
              }
            });
    return b.toString();
  }

  /** Breaks {@code text} into lines no wider than {@code width}, at spaces where it can. */
  static List<String> wrap(PDFont f, float size, String text, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      String candidate = current.isEmpty() ? word : current + " " + word;
      if (width(f, size, candidate) <= width) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (!current.isEmpty()) lines.add(current.toString());
      current.setLength(0);
      // A word longer than the line is cut where it must be, measuring one character at a time
      // (linear).
      String rest = word;
      while (width(f, size, rest) > width && rest.length() > 1) {
        float used = 0;
        int cut = 0;
        while (cut < rest.length()) {
          int next = rest.offsetByCodePoints(cut, 1);
          float w = width(f, size, rest.substring(cut, next));
          if (cut > 0 && used + w > width) break;
          used += w;
          cut = next;
        }
        lines.add(rest.substring(0, cut));
        rest = rest.substring(cut);
      }
      current.append(rest);
    }
    if (!current.isEmpty() || lines.isEmpty()) lines.add(current.toString());
    return lines;
  }

  private static float width(PDFont f, float size, String s) throws IOException {
    return f.getStringWidth(s) / 1000 * size;
  }
}
