package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.Times;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link KeptMonths} as attributes of the item that keeps them: {@code balancesFrom} ({@code
 * yyyy-MM}) and, per slot {@code k} (0..12), {@code bm<k>} (the month it holds), {@code bu<k>}
 * (billable minutes), {@code bn<k>} (non-billable minutes) and {@code be<k>} (entries). Top-level
 * attributes, because DynamoDB's {@code ADD} works on those only.
 */
final class MonthBalances {
  static final String FROM = "balancesFrom";

  /** What an item that never had entries before it kept months starts with: every month told. */
  static final YearMonth ALWAYS = YearMonth.of(1, 1);

  private MonthBalances() {}

  static KeptMonths read(Map<String, AttributeValue> item, String contractId) {
    if (item == null || str(item, FROM) == null) return KeptMonths.NONE;
    Map<Integer, MonthUsage> slots = new HashMap<>();
    for (int k = 0; k < KeptMonths.SLOTS; k++) {
      String month = str(item, "bm" + k);
      if (month == null) continue;
      slots.put(
          k,
          new MonthUsage(
              contractId,
              Times.month(month),
              num(item, "bu" + k),
              num(item, "bn" + k),
              num(item, "be" + k)));
    }
    return new KeptMonths(Times.month(str(item, FROM)), slots);
  }

  /**
   * What one entry adds, as the month aggregate's update and the keeping item's both name it:
   * {@code :used}, {@code :nonBillable} and {@code :one} (a mutable map, for the caller's own).
   */
  static Map<String, AttributeValue> amounts(long billable, long nonBillable) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":used", n(billable));
    values.put(":nonBillable", n(nonBillable));
    values.put(":one", n(1));
    return values;
  }

  /** The attributes that an item which keeps every month from its creation starts with. */
  static void start(Map<String, AttributeValue> item) {
    item.put(FROM, s(ALWAYS.toString()));
  }

  /**
   * The update of the keeping item for one entry of {@code month}, guarded by the condition its
   * step was decided on: a reading gone stale fails the condition (returning the item as it is) and
   * the caller decides again. {@link KeptMonths.Step#SKIP} writes nothing and has no update.
   *
   * @param from for {@link KeptMonths.Step#START}: the first month the item tells, which is {@code
   *     month} only when it had no entries before, and never a month that had entries the item's
   *     slots lack (the caller's transaction checks both); ignored by the other steps
   * @param created for {@link KeptMonths.Step#START} of an item that may not exist yet: the
   *     attributes it is created with; null when the item must exist (a contract)
   */
  static Update update(
      String table,
      Map<String, AttributeValue> key,
      KeptMonths.Step step,
      YearMonth month,
      long billable,
      long nonBillable,
      YearMonth from,
      Map<String, AttributeValue> created) {
    int k = KeptMonths.slot(month);
    Map<String, String> names = new HashMap<>();
    names.put("#m", "bm" + k);
    names.put("#u", "bu" + k);
    names.put("#n", "bn" + k);
    names.put("#e", "be" + k);
    Map<String, AttributeValue> values = amounts(billable, nonBillable);
    values.put(":m", s(month.toString()));
    String fill = "#m = :m, #u = :used, #n = :nonBillable, #e = :one";
    String expression;
    String condition;
    switch (step) {
      case ADD -> {
        expression = "ADD #u :used, #n :nonBillable, #e :one";
        condition = "#m = :m";
      }
      case NEW_MONTH -> {
        // Overwriting the slot drops the figures of the month 13 before: the bound on the item.
        expression = "SET " + fill;
        names.put("#from", FROM);
        condition = "attribute_exists(#from) AND (attribute_not_exists(#m) OR #m < :m)";
      }
      case START -> {
        names.put("#from", FROM);
        values.put(":from", s(from.toString()));
        StringBuilder set = new StringBuilder("SET " + fill + ", #from = :from");
        if (created != null) {
          int i = 0;
          for (Map.Entry<String, AttributeValue> a : created.entrySet()) {
            names.put("#c" + i, a.getKey());
            values.put(":c" + i, a.getValue());
            set.append(", #c").append(i).append(" = :c").append(i);
            i++;
          }
        }
        expression = set.toString();
        condition =
            created == null
                ? "attribute_exists(pk) AND attribute_not_exists(#from)"
                : "attribute_not_exists(#from)";
      }
      default -> throw new IllegalArgumentException("no update for " + step);
    }
    return Update.builder()
        .tableName(table)
        .key(key)
        .updateExpression(expression)
        .conditionExpression(condition)
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
  }
}
