package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body reader every write route uses: each problem of a request is named in one answer, unknown
 * fields too.
 */
class JsonFieldsTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    json = new Json(context.getBean(JsonMapper.class));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static JsonFields body(String text) {
    return JsonFields.of(json.parse(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<FieldError> errors(JsonFields f) {
    PortalException.Invalid e = assertThrows(PortalException.Invalid.class, f::done);
    return e.errors();
  }

  @Test
  void aBodyThatIsNoObjectIsRefusedAsAWhole() {
    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () -> JsonFields.of(json.parse("[1]".getBytes(StandardCharsets.UTF_8))));
    assertEquals(List.of(new FieldError("body", "must be a JSON object")), e.errors());
  }

  @Test
  void everyProblemIsCollectedBeforeFailingWithUnknownFieldsLast() {
    JsonFields f =
        body("{\"subject\":\"\",\"count\":1.5,\"when\":\"2026-02-30\",\"colour\":\"red\"}");
    assertNull(f.requiredText("subject", 1, 10));
    assertNull(f.whole("count", 0, 5, true));
    assertNull(f.date("when", true));
    assertNull(f.email("owner", true));
    assertEquals(
        List.of(
            new FieldError("subject", "must not be empty"),
            new FieldError("count", "must be a whole number"),
            new FieldError("when", "must be a date YYYY-MM-DD"),
            new FieldError("owner", "is required"),
            new FieldError("colour", "is not a field of this request")),
        errors(f));
  }

  @Test
  void textCountsCodePointsAndStripsOnlyWhenAsked() {
    JsonFields f =
        body(
            "{\"a\":\"  x  \",\"b\":\"  x  \",\"c\":\"\\uD83D\\uDE00\\uD83D\\uDE00\",\"d\":\"   \",\"e\":7}");
    assertEquals("x", f.requiredText("a", 1, 5));
    assertEquals("  x  ", f.requiredTextAsIs("b", 1, 5));
    assertEquals(
        "\uD83D\uDE00\uD83D\uDE00", f.requiredTextAsIs("c", 1, 2), "two emoji are two characters");
    assertNull(f.requiredTextAsIs("d", 1, 5), "blank is empty even unstripped");
    assertNull(f.optionalTextAsIs("e", 0, 5));
    assertEquals(
        List.of(new FieldError("d", "must not be empty"), new FieldError("e", "must be a string")),
        errors(f));
  }

  @Test
  void nullIsAbsentAndOptionalAbsentFieldsAreNoProblem() {
    JsonFields f = body("{\"note\":null}");
    assertNull(f.optionalText("note", 1, 5));
    assertNull(f.bool("flag"));
    assertNull(f.date("on", false));
    f.done();
  }

  @Test
  void wholeNumbersAreBoundedAndLargeOnesAreNotWrapped() {
    JsonFields f = body("{\"a\":5,\"b\":6,\"c\":99999999999999999999999,\"d\":\"5\"}");
    assertEquals(5L, f.whole("a", 0, 5, true));
    assertNull(f.whole("b", 0, 5, true));
    assertNull(f.whole("c", 0, Long.MAX_VALUE, true));
    assertNull(f.integer("d", 0, 5, true));
    assertEquals(
        List.of(
            new FieldError("b", "must be between 0 and 5"),
            new FieldError("c", "must be a whole number"),
            new FieldError("d", "must be a whole number")),
        errors(f));
  }

  @Test
  void nestedObjectsAndArraysNameTheirFieldsByPath() {
    JsonFields f =
        body(
            "{\"fee\":{\"amountMinor\":-1,\"currency\":\"eur\",\"extra\":1},"
                + "\"lines\":[{\"q\":1},7,{\"q\":\"x\"}]}");
    Money fee = f.money("fee", 1_000, true);
    assertNull(fee);
    List<JsonFields> lines = f.objects("lines", 1, 5, true);
    assertEquals(2, lines.size());
    lines.forEach(l -> l.whole("q", 0, 9, true));
    assertEquals(
        List.of(
            new FieldError("fee.amountMinor", "must be between 0 and 1000"),
            new FieldError("lines[1]", "must be an object"),
            new FieldError("lines[2].q", "must be a whole number"),
            new FieldError("fee.extra", "is not a field of this request")),
        errors(f));
  }

  @Test
  void currencyIsUpperCasedAndMoneyReadsWhole() {
    JsonFields f = body("{\"fee\":{\"amountMinor\":150000,\"currency\":\"eur\"}}");
    assertEquals(new Money(150000, "EUR"), f.money("fee", 1_000_000, true));
    f.done();
  }

  @Test
  void emailsAreLowerCasedAndDomainsDeduplicated() {
    JsonFields f =
        body(
            "{\"e\":\" Alice@Globex.Example \",\"d\":[\"Globex.example\",\"globex.example\",\"-bad-\",3]}");
    assertEquals("alice@globex.example", f.email("e", true));
    assertEquals(List.of("globex.example"), f.domains("d", 5));
    assertEquals(
        List.of(
            new FieldError("d[1]", "is listed twice"),
            new FieldError("d[2]", "must be a domain name such as globex.example"),
            new FieldError("d[3]", "must be a domain name such as globex.example")),
        errors(f));
  }

  @Test
  void aChoiceNamesWhatItAccepts() {
    JsonFields f = body("{\"status\":\"open\",\"other\":\"resolved\"}");
    assertNull(f.choice("status", List.of(TicketStatus.NEW, TicketStatus.RESOLVED), true));
    assertEquals(
        TicketStatus.RESOLVED,
        f.choice("other", List.of(TicketStatus.NEW, TicketStatus.RESOLVED), true));
    assertEquals(List.of(new FieldError("status", "must be one of new, resolved")), errors(f));
  }

  @Test
  void anUnknownFieldWithAnEmptyNameIsNamedInTheProblemDocument() {
    // Found by make fuzz: the empty name was dropped from the JSON (serde leaves out empty strings
    // by default),
    // so the 400 broke its own schema (FieldError.field is required).
    List<FieldError> errors = errors(body("{\"\":1}"));
    assertEquals(List.of(new FieldError("", "is not a field of this request")), errors);
    assertEquals(
        "{\"field\":\"\",\"message\":\"is not a field of this request\"}",
        json.write(errors.getFirst()));
  }

  @Test
  void booleansAreOnlyTrueOrFalse() {
    JsonFields f = body("{\"a\":true,\"b\":\"true\"}");
    assertEquals(Boolean.TRUE, f.bool("a"));
    assertNull(f.bool("b"));
    assertEquals(List.of(new FieldError("b", "must be true or false")), errors(f));
  }

  @Test
  void datesAreExactlyTenCharacters() {
    JsonFields f = body("{\"a\":\"2026-11-30\",\"b\":\"2026-1-30\"}");
    assertEquals(LocalDate.of(2026, 11, 30), f.date("a", true));
    assertNull(f.date("b", true));
    assertEquals(List.of(new FieldError("b", "must be a date YYYY-MM-DD")), errors(f));
  }

  @Test
  void requiredAndOptionalTextDifferOnlyInWhetherAbsenceIsAProblem() {
    JsonFields f = body("{\"long\":\"abcdef\",\"short\":\" ab \"}");
    assertNull(f.requiredText("absent", 1, 5));
    assertNull(f.optionalText("alsoAbsent", 1, 5));
    assertNull(f.optionalText("long", 1, 5), "too long is a problem even when optional");
    assertNull(f.optionalText("short", 3, 5), "stripped to two characters");
    assertEquals(
        List.of(
            new FieldError("absent", "is required"),
            new FieldError("long", "must have at most 5 characters"),
            new FieldError("short", "must have at least 3 characters")),
        errors(f));
  }

  @Test
  void textAsIsCountsTheWhiteSpaceItKeeps() {
    JsonFields f = body("{\"a\":\" ab \"}");
    assertEquals(" ab ", f.optionalTextAsIs("a", 3, 5));
    assertNull(f.requiredTextAsIs("b", 1, 5));
    assertEquals(List.of(new FieldError("b", "is required")), errors(f));
  }

  @Test
  void aChoiceAmongSomeValuesRefusesTheOthersOfTheirEnum() {
    JsonFields f = body("{\"role\":\"client\",\"other\":\"admin\"}");
    List<Role> staff = List.of(Role.AGENT, Role.ADMIN);
    assertNull(f.choice("role", staff, true));
    assertEquals(Role.ADMIN, f.choice("other", staff, true));
    assertNull(f.choice("absent", staff, false));
    assertEquals(List.of(new FieldError("role", "must be one of agent, admin")), errors(f));
  }

  @Test
  void choicesAreNonEmptyDistinctAndNoMoreThanThereAreValues() {
    List<Priority> all = List.of(Priority.values());
    JsonFields f =
        body(
            "{\"a\":[\"low\",\"high\"],\"b\":[],\"c\":[\"low\",\"low\"],"
                + "\"d\":[\"low\",\"bogus\"],\"e\":[\"low\",\"low\",\"low\",\"low\",\"low\"]}");
    assertEquals(List.of(Priority.LOW, Priority.HIGH), f.choices("a", all, true));
    assertEquals(List.of(), f.choices("b", all, true));
    assertEquals(List.of(Priority.LOW), f.choices("c", all, true));
    assertEquals(List.of(Priority.LOW), f.choices("d", all, true));
    assertEquals(List.of(), f.choices("e", all, true));
    assertEquals(
        List.of(
            new FieldError("b", "must be a non-empty array of low, normal, high, urgent"),
            new FieldError("c[1]", "is listed twice"),
            new FieldError("d[1]", "must be one of low, normal, high, urgent"),
            new FieldError("e", "must have at most 4 items")),
        errors(f));
  }
}
