package dev.portal.shared.sla;

import dev.portal.shared.domain.Ticket;
import dev.portal.shared.store.DynamoSlaStore;
import dev.portal.shared.store.SlaStore;
import dev.portal.shared.store.StreamImages;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps the SLA schedule from the table's stream (it runs inside the projections function, the
 * stream's second consumer): a ticket change whose clock points differ from the version before
 * writes the new points into their minute buckets. Old points are never deleted: the ticker
 * re-reads the ticket and drops a point whose due time moved or whose clock was met, which is
 * cheaper than a delete per change and cannot race with it.
 *
 * <p>When the table keeps the points' BatchWriteItem unprocessed five attempts a request, {@link
 * SlaStore#schedule} throws (naming how many points were not written) and so does {@link #apply}:
 * the projections function reports the record as its batch's failure, and Lambda (or local mode's
 * poller) delivers it again, with the shard's later records held behind it. Nothing is left that a
 * delivery cannot finish: each point is a put of a key computed from the ticket version, so the
 * points the failed attempt wrote are written again unchanged and the rest for the first time, and
 * the record's other consumers (figures by marker, deliveries by id, pending events by condition)
 * add nothing the second time. The shard waiting matters: the next version's record writes only the
 * points that differ from this version's, so it must not run before these are in. What a long
 * throttle can cost is a point whose minute the ticker has already passed (beyond the minute before
 * the current one it always reads again) by the time the delivery succeeds: that warning or breach
 * never fires, as with any stream record that late. After 100 failed deliveries the record goes to
 * the failure queue, and {@code make replay-stream-failures} hands it over again
 * (docs/operations.md).
 */
public final class SlaScheduler {
  private final SlaStore store;

  public SlaScheduler(SlaStore store) {
    this.store = store;
  }

  /**
   * @return true when the record scheduled new points
   */
  public boolean apply(
      String eventName,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    if ("REMOVE".equals(eventName)) return false;
    Optional<Ticket> after = StreamImages.ticket(newImage);
    if (after.isEmpty() || after.get().sla() == null) return false;
    Ticket before = "INSERT".equals(eventName) ? null : StreamImages.ticket(oldImage).orElse(null);
    if (before != null && before.version() == after.get().version()) return false;
    Set<SlaSchedule.Entry> points =
        new LinkedHashSet<>(SlaSchedule.of(after.get(), percent(newImage)));
    // The same points as the version before were written by that version's record (a comment moves
    // no clock).
    if (before != null) points.removeAll(SlaSchedule.of(before, percent(oldImage)));
    if (points.isEmpty()) return false;
    store.schedule(points);
    return true;
  }

  private static int percent(Map<String, AttributeValue> image) {
    Integer p = DynamoSlaStore.warningPercent(image);
    return p == null ? SlaSchedule.DEFAULT_WARNING_PERCENT : p;
  }
}
