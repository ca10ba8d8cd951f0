package dev.portal.shared.store;

import dev.portal.shared.log.JsonLog;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finishes a ticket change written without a transaction ({@link DynamoTicketStore#update}): the
 * ticket's stream record lists the events the change added, and any that is not in the table yet
 * (the writing process was killed between the ticket and its events) is written here, once. Run by
 * the projections function, which already reads every ticket record of the stream.
 */
public final class PendingEvents {
  private final DynamoDbClient db;
  private final String table;

  public PendingEvents(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
  }

  /**
   * For a ticket record whose change listed events: a consistent GetItem per event of that change
   * (1 RRU each), and a conditional put of each one missing. Idempotent, so a retried batch does no
   * harm; an older change's list, still on the item, is not this record's and is skipped.
   *
   * @return how many events it wrote (0 when the request had written them all)
   */
  public int repair(
      String eventName,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    if ("REMOVE".equals(eventName)
        || newImage == null
        || !"ticket".equals(Attrs.str(newImage, Attrs.TYPE))
        || Attrs.str(newImage, Keys.PK) == null) return 0;
    String tenantId = Keys.tenantOfTicketPk(Attrs.str(newImage, Keys.PK));
    long before =
        oldImage == null || oldImage.get(Attrs.VERSION) == null
            ? 0
            : Attrs.num(oldImage, Attrs.VERSION);
    return writeMissing(tenantId, newImage, before);
  }

  /**
   * The listed events with a sequence above {@code after}: a consistent GetItem, a put if missing.
   */
  private int writeMissing(String tenantId, Map<String, AttributeValue> ticket, long after) {
    int written = 0;
    for (Map<String, AttributeValue> item : DynamoTicketStore.pendingEventItems(tenantId, ticket)) {
      if (Attrs.num(item, Attrs.SEQ) <= after) continue;
      Map<String, AttributeValue> there =
          db.getItem(
                  r ->
                      r.tableName(table)
                          .consistentRead(true)
                          .key(Tables.key(Attrs.str(item, Keys.PK), Attrs.str(item, Keys.SK)))
                          .projectionExpression(Keys.PK))
              .item();
      if (there != null && !there.isEmpty()) continue;
      if (DynamoTicketStore.putEventOnce(db, table, item)) {
        written++;
        JsonLog.warn(
            "event written from its ticket's pending list",
            "tenant",
            tenantId,
            "ticket",
            Attrs.str(ticket, Attrs.NUMBER),
            "eventId",
            Attrs.str(item, Attrs.ID));
      }
    }
    return written;
  }
}
