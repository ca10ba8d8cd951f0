package dev.portal.shared.domain;

import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * The month figures an item keeps beside what it describes (a contract, or a client's work outside
 * any contract), so that a balance is read with the item itself. There are {@link #SLOTS} slots,
 * one per month modulo 13, and each holds the latest month written to it: the item keeps at most
 * the current month and the 12 before it, and a new month's first entry replaces the figures of the
 * month 13 before it in the same write, so the item never grows.
 *
 * <p>A month is told only from {@code from} on (figures are complete from there: items written
 * before the item kept months have their older months in the ledger's month aggregates only). From
 * then, a month whose slot holds it has those figures; a slot that holds an older month or nothing
 * means no work in the month; a slot that has moved on to a newer month (a month more than 12
 * before the newest) can no longer tell, and the caller reads the month's aggregate instead.
 *
 * @param from the first month whose figures are complete, null when the item keeps none
 * @param slots by slot number, each the figures of the month it holds
 */
public record KeptMonths(YearMonth from, Map<Integer, MonthUsage> slots) {
  public static final int SLOTS = 13;

  /** An item that keeps no months (written before months were kept, or never logged to). */
  public static final KeptMonths NONE = new KeptMonths(null, Map.of());

  public KeptMonths {
    slots = Map.copyOf(slots);
  }

  /** The slot that holds {@code month}; 13 consecutive months take 13 different slots. */
  public static int slot(YearMonth month) {
    return Math.floorMod(month.getYear() * 12 + month.getMonthValue() - 1, SLOTS);
  }

  /**
   * The month's figures when this item can tell them (zero when no work was logged in it), empty
   * when the month's aggregate must be read.
   */
  public Optional<MonthUsage> month(String contractId, YearMonth month) {
    if (from == null || month.isBefore(from)) return Optional.empty();
    MonthUsage held = slots.get(slot(month));
    if (held == null || held.month().isBefore(month)) {
      return Optional.of(MonthUsage.empty(contractId, month));
    }
    return held.month().equals(month) ? Optional.of(held) : Optional.empty();
  }

  /** What an entry of {@code month} does to the item, as far as this reading of it knows. */
  public Step stepFor(YearMonth month) {
    if (from == null) return Step.START;
    MonthUsage held = slots.get(slot(month));
    if (held == null || held.month().isBefore(month)) return Step.NEW_MONTH;
    return held.month().equals(month) ? Step.ADD : Step.SKIP;
  }

  /** How an entry changes the months an item keeps. */
  public enum Step {
    /** The slot holds the entry's month: add the entry to it. */
    ADD,
    /** The slot holds an older month or nothing: the entry's month replaces it. */
    NEW_MONTH,
    /**
     * The item keeps no months yet: it starts with the entry's month, complete from that month when
     * the month had no entries before, else from the next one.
     */
    START,
    /**
     * The slot holds a newer month (the entry is more than 12 months older than the item's newest):
     * the item is left alone and the month is read from its aggregate.
     */
    SKIP
  }
}
