package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
  /**
   * Without a DynamoDB client the table read fails (counted, not thrown); the JSON step and the
   * request path, read from its bytes and written back as Lambda's are, must not.
   */
  @Test
  void everyStepButTheTableReadRunsWithoutAnAwsClient() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      // No route: the unroutable request is a 404 before any idempotency guard or store is needed.
      ApiDispatcher dispatcher = new ApiDispatcher(List.of(), json, null);
      assertEquals(1, new SnapStartPriming(null, "t", json).prime(() -> dispatcher));
    }
  }
}
