package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.MonthUsage;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

class MonthBalancesTest {
  private static final YearMonth MARCH = YearMonth.parse("2026-03");
  private static final Map<String, AttributeValue> KEY = Tables.key("p", "s");

  @Test
  void anItemReadsAsTheMonthsItKeeps() {
    Map<String, AttributeValue> item = new HashMap<>();
    MonthBalances.start(item);
    int k = KeptMonths.slot(MARCH);
    item.put("bm" + k, Attrs.s("2026-03"));
    item.put("bu" + k, Attrs.n(30));
    item.put("bn" + k, Attrs.n(10));
    item.put("be" + k, Attrs.n(2));
    KeptMonths kept = MonthBalances.read(item, "ct_1");
    assertEquals(MonthBalances.ALWAYS, kept.from());
    assertEquals(Optional.of(new MonthUsage("ct_1", MARCH, 30, 10, 2)), kept.month("ct_1", MARCH));
    assertEquals(KeptMonths.NONE, MonthBalances.read(Map.of("pk", Attrs.s("p")), "ct_1"));
    assertEquals(KeptMonths.NONE, MonthBalances.read(null, "ct_1"));
  }

  @Test
  void addingToAHeldMonthIsGuardedByTheSlotHoldingIt() {
    Update u = MonthBalances.update("t", KEY, KeptMonths.Step.ADD, MARCH, 30, 0, MARCH, null);
    assertEquals("ADD #u :used, #n :nonBillable, #e :one", u.updateExpression());
    assertEquals("#m = :m", u.conditionExpression());
    assertEquals("bm" + KeptMonths.slot(MARCH), u.expressionAttributeNames().get("#m"));
    assertEquals("2026-03", u.expressionAttributeValues().get(":m").s());
  }

  @Test
  void aNewMonthOverwritesItsSlotOnlyWhenItHoldsAnOlderMonth() {
    Update u = MonthBalances.update("t", KEY, KeptMonths.Step.NEW_MONTH, MARCH, 0, 15, MARCH, null);
    assertTrue(u.updateExpression().startsWith("SET #m = :m, #u = :used"), u.updateExpression());
    assertEquals(
        "attribute_exists(#from) AND (attribute_not_exists(#m) OR #m < :m)",
        u.conditionExpression());
    assertEquals("15", u.expressionAttributeValues().get(":nonBillable").n());
  }

  @Test
  void startingOnAMonthWithEarlierEntriesTellsOnlyFromTheNextMonth() {
    Update complete =
        MonthBalances.update("t", KEY, KeptMonths.Step.START, MARCH, 1, 0, MARCH, null);
    assertEquals("2026-03", complete.expressionAttributeValues().get(":from").s());
    assertEquals(
        "attribute_exists(pk) AND attribute_not_exists(#from)",
        complete.conditionExpression(),
        "a contract's item must exist");
    Update partial =
        MonthBalances.update(
            "t",
            KEY,
            KeptMonths.Step.START,
            MARCH,
            1,
            0,
            MARCH.plusMonths(1),
            DynamoContractStore.uncontractedItem("acme", "cli_1"));
    assertEquals("2026-04", partial.expressionAttributeValues().get(":from").s());
    assertEquals("attribute_not_exists(#from)", partial.conditionExpression());
    assertTrue(
        partial
            .expressionAttributeValues()
            .containsValue(Attrs.s("TENANT#acme#CLIENT#cli_1#CONTRACTS")),
        "the item of work outside any contract is created in the client's contracts partition");
  }

  @Test
  void aSkippedEntryHasNoUpdate() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MonthBalances.update("t", KEY, KeptMonths.Step.SKIP, MARCH, 1, 0, MARCH, null));
  }

  @Test
  void newContractsAndClientsKeepEveryMonthFromTheStart() {
    Map<String, AttributeValue> item = DynamoContractStore.newUncontractedItem("acme", "cli_1");
    assertEquals("0001-01", item.get(MonthBalances.FROM).s());
    assertEquals("#MONTHS", item.get(Keys.SK).s());
    assertNull(item.get("bm0"));
  }
}
