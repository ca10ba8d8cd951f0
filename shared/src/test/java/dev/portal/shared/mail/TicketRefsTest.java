package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketRefsTest {

  @Test
  void findsTheNumberInBracketsAndUpperCasesIt() {
    assertEquals(Optional.of("ACME-42"), TicketRefs.numberInSubject("[ACME-42] Re: x"));
    assertEquals(Optional.of("ACME-42"), TicketRefs.numberInSubject("AW: Re: [acme-42] printer"));
    assertEquals(Optional.of("DEMO7-3"), TicketRefs.numberInSubject("Fwd: [ Demo7-3 ] x"));
  }

  @Test
  void ignoresSubjectsWithoutABracketedNumber() {
    assertEquals(Optional.empty(), TicketRefs.numberInSubject("ACME-42 without brackets"));
    assertEquals(Optional.empty(), TicketRefs.numberInSubject("[Ticket#11168] Zammad style"));
    assertEquals(Optional.empty(), TicketRefs.numberInSubject(""));
    assertEquals(Optional.empty(), TicketRefs.numberInSubject(null));
  }
}
