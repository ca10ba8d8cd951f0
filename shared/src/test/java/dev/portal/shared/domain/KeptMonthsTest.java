package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeptMonthsTest {
  private static final YearMonth MARCH = YearMonth.parse("2026-03");

  private static MonthUsage used(YearMonth m, long billable) {
    return new MonthUsage("ct_1", m, billable, 5, 2);
  }

  private static KeptMonths keeping(YearMonth from, MonthUsage... months) {
    Map<Integer, MonthUsage> slots = new java.util.HashMap<>();
    for (MonthUsage u : months) slots.put(KeptMonths.slot(u.month()), u);
    return new KeptMonths(from, slots);
  }

  @Test
  void thirteenConsecutiveMonthsTakeThirteenSlotsAndTheFourteenthReusesTheFirst() {
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < KeptMonths.SLOTS; i++) slots.add(KeptMonths.slot(MARCH.plusMonths(i)));
    assertEquals(KeptMonths.SLOTS, slots.size());
    assertEquals(KeptMonths.slot(MARCH), KeptMonths.slot(MARCH.plusMonths(13)));
    assertNotEquals(KeptMonths.slot(MARCH), KeptMonths.slot(MARCH.plusMonths(12)));
  }

  @Test
  void aHeldMonthIsToldWithItsFiguresAndAnEmptyOrOlderSlotIsNoWork() {
    KeptMonths kept = keeping(YearMonth.of(1, 1), used(MARCH, 30), used(MARCH.minusMonths(14), 9));
    assertEquals(Optional.of(used(MARCH, 30)), kept.month("ct_1", MARCH));
    assertEquals(
        Optional.of(MonthUsage.empty("ct_1", MARCH.plusMonths(1))),
        kept.month("ct_1", MARCH.plusMonths(1)),
        "an empty slot: nothing was logged in the month");
    // The slot of 2026-02 holds 2025-01, which is older: February had no work.
    assertEquals(
        Optional.of(MonthUsage.empty("ct_1", MARCH.minusMonths(1))),
        kept.month("ct_1", MARCH.minusMonths(1)));
  }

  @Test
  void aMonthWhoseSlotMovedOnToANewerMonthIsNotTold() {
    KeptMonths kept = keeping(YearMonth.of(1, 1), used(MARCH.plusMonths(13), 4));
    assertEquals(
        Optional.empty(), kept.month("ct_1", MARCH), "removed by April 2027's first entry");
    assertEquals(Optional.empty(), kept.month("ct_1", MARCH.minusMonths(13)));
  }

  @Test
  void monthsBeforeTheItemKeptCompleteFiguresAreNotTold() {
    KeptMonths kept = keeping(MARCH.plusMonths(1), used(MARCH, 3));
    assertEquals(Optional.empty(), kept.month("ct_1", MARCH), "partial: older entries not in it");
    assertEquals(
        Optional.of(MonthUsage.empty("ct_1", MARCH.plusMonths(1))),
        kept.month("ct_1", MARCH.plusMonths(1)));
    assertEquals(Optional.empty(), KeptMonths.NONE.month("ct_1", MARCH));
  }

  @Test
  void theStepOfAnEntryFollowsWhatItsSlotHolds() {
    KeptMonths kept = keeping(YearMonth.of(1, 1), used(MARCH, 30));
    assertEquals(KeptMonths.Step.ADD, kept.stepFor(MARCH));
    assertEquals(KeptMonths.Step.NEW_MONTH, kept.stepFor(MARCH.plusMonths(1)), "empty slot");
    assertEquals(
        KeptMonths.Step.NEW_MONTH,
        kept.stepFor(MARCH.plusMonths(13)),
        "a month 13 later takes the slot over, dropping March");
    assertEquals(
        KeptMonths.Step.NEW_MONTH,
        kept.stepFor(MARCH.minusMonths(2)),
        "a backdated entry of a month the item never held starts it");
    assertEquals(
        KeptMonths.Step.SKIP,
        kept.stepFor(MARCH.minusMonths(13)),
        "a backdated entry older than the slot's month leaves the item alone");
    assertEquals(KeptMonths.Step.START, KeptMonths.NONE.stepFor(MARCH));
  }

  @Test
  void afterABackdatedEntryIsSkippedItsMonthIsReadFromTheAggregate() {
    // Slot of March 2026 holds April 2027: a March 2026 entry is skipped (SKIP above), and the
    // month stays untold rather than missing the entry.
    KeptMonths kept = keeping(YearMonth.of(1, 1), used(MARCH.plusMonths(13), 4));
    assertEquals(KeptMonths.Step.SKIP, kept.stepFor(MARCH));
    assertEquals(Optional.empty(), kept.month("ct_1", MARCH));
  }
}
