package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** The table local mode and the tests create is the one template.yaml deploys, and the stream filter names our keys. */
class PortalTableTest {
  private static String template() throws IOException {
    return Files.readString(Path.of(System.getProperty("portal.repo.root", "..")).resolve("template.yaml"));
  }

  @Test
  void indexesAndStreamMatchTheTemplate() throws IOException {
    String t = template();
    CreateTableRequest local = PortalTable.createTableRequest("x");
    assertEquals(Keys.GSI_COUNT, local.globalSecondaryIndexes().size());
    for (int n = 1; n <= Keys.GSI_COUNT; n++) {
      Pattern index = Pattern.compile("- IndexName: " + Keys.gsiName(n) + "\\s+KeySchema:\\s+- \\{AttributeName: "
          + Keys.gsiPk(n) + ", KeyType: HASH}\\s+- \\{AttributeName: " + Keys.gsiSk(n) + ", KeyType: RANGE}\\s+"
          + "Projection: \\{ProjectionType: ALL}");
      assertTrue(index.matcher(t).find(), "template.yaml lacks " + Keys.gsiName(n) + " as PortalTable defines it");
    }
    Matcher view = Pattern.compile("StreamSpecification:\\s+StreamViewType: (\\w+)").matcher(t);
    assertTrue(view.find(), "template.yaml's table has no stream");
    assertEquals(PortalTable.STREAM_VIEW.toString(), view.group(1));
    assertEquals(PortalTable.STREAM_VIEW, local.streamSpecification().streamViewType());
    assertTrue(local.streamSpecification().streamEnabled());
  }

  @Test
  void theOutboxFilterNamesTheAttributesTheStoreWrites() throws IOException {
    Matcher filter = Pattern.compile("- Pattern: '(\\{\"eventName\".*)'").matcher(template());
    assertTrue(filter.find(), "template.yaml has no stream filter for the outbox function");
    assertEquals("{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\"" + Keys.OUTBOX + "\": {\"M\": {\""
        + Keys.OUTBOX_KIND + "\": {\"S\": [{\"exists\": true}]}}}}}}", filter.group(1));
  }
}
