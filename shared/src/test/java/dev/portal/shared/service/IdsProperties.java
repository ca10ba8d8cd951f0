package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-read ticket reference against the grammar it replaced, written as the two regular
 * expressions it was: over references built near the grammar's edges (lengths 0-20 around each
 * part, digits, separators, upper and lower case, characters just outside each class) and over any
 * text.
 */
class IdsProperties {
  private static final Pattern TICKET_ID = Pattern.compile("tk-([1-9][0-9]{0,17})-[a-z2-9]{10}");
  private static final Pattern TICKET_NUMBER =
      Pattern.compile("([A-Za-z0-9]{1,12})-([1-9][0-9]{0,17})");

  static Optional<Ids.TicketRef> byRegex(String s) {
    if (s == null) return Optional.empty();
    Matcher m = TICKET_ID.matcher(s);
    if (m.matches()) return Optional.of(new Ids.TicketRef.ById(s, Long.parseLong(m.group(1))));
    m = TICKET_NUMBER.matcher(s);
    if (m.matches())
      return Optional.of(
          new Ids.TicketRef.ByNumber(s.toUpperCase(Locale.ROOT), Long.parseLong(m.group(2))));
    return Optional.empty();
  }

  @Provide
  Arbitrary<String> nearReferences() {
    Arbitrary<String> part =
        Arbitraries.strings()
            .withChars("tkTK-0123456789az2Z_/ 1é\u0000")
            .ofMinLength(0)
            .ofMaxLength(20);
    Arbitrary<String> digits =
        Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(20);
    Arbitrary<String> random =
        Arbitraries.strings().withChars("abcxyz2910lo-A").ofMinLength(8).ofMaxLength(12);
    return Arbitraries.oneOf(
        Combinators.combine(digits, random).as((d, r) -> "tk-" + d + "-" + r),
        Combinators.combine(part, digits).as((p, d) -> p + "-" + d),
        Combinators.combine(part, digits, part).as((p, d, q) -> p + d + q),
        part);
  }

  @Property(tries = 3000)
  void readsReferencesNearTheGrammarAsTheRegexDid(@ForAll("nearReferences") String s) {
    assertEquals(byRegex(s), Ids.parseTicketRef(s), s);
  }

  @Property(tries = 1000)
  void readsAnyTextAsTheRegexDid(@ForAll String s) {
    assertEquals(byRegex(s), Ids.parseTicketRef(s), s);
  }

  @Property(tries = 500)
  void readsEveryIdAndNumberItIssues(@ForAll("sequences") long seq) {
    String id = Ids.ticketId(seq);
    assertEquals(Optional.of(new Ids.TicketRef.ById(id, seq)), Ids.parseTicketRef(id));
    String number = Ids.ticketNumber("Acme9", seq);
    assertEquals(
        Optional.of(new Ids.TicketRef.ByNumber("ACME9-" + seq, seq)), Ids.parseTicketRef(number));
  }

  @Provide
  Arbitrary<Long> sequences() {
    return Arbitraries.longs().between(1, 999_999_999_999_999_999L);
  }
}
