package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1000, 123_456_789_012L})
  void generatedTicketIdParsesByIdWithItsSequence(long seq) {
    String id = Ids.ticketId(seq);
    Optional<Ids.TicketRef> ref = Ids.parseTicketRef(id);
    assertEquals(Optional.of(new Ids.TicketRef.ById(id, seq)), ref);
  }

  @Test
  void generatedTicketIdsDifferForTheSameSequence() {
    assertNotEquals(Ids.ticketId(5), Ids.ticketId(5));
  }

  @Test
  void humanNumberParsesByNumber() {
    assertEquals(
        Optional.of(new Ids.TicketRef.ByNumber("ACME-42", 42)), Ids.parseTicketRef("ACME-42"));
  }

  @Test
  void lowerCaseHumanNumberParsesUpperCased() {
    assertEquals(
        Optional.of(new Ids.TicketRef.ByNumber("ACME-42", 42)), Ids.parseTicketRef("acme-42"));
  }

  @Test
  void ticketNumberBuiltByIdsParsesBack() {
    Ids.TicketRef ref = Ids.parseTicketRef(Ids.ticketNumber("DEMO", 9)).orElseThrow();
    assertEquals(new Ids.TicketRef.ByNumber("DEMO-9", 9), ref);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ACME-0",
        "tk-1-short",
        "../x",
        "ACME-",
        "-42",
        "ACME-042",
        "tk-0-abcdefghij",
        "ACME-42/events",
        "ACME 42"
      })
  void malformedReferencesAreRejected(String s) {
    assertEquals(Optional.empty(), Ids.parseTicketRef(s));
  }

  @Test
  void nullReferenceIsRejected() {
    assertTrue(Ids.parseTicketRef(null).isEmpty());
  }
}
