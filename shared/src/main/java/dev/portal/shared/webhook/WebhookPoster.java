package dev.portal.shared.webhook;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Posts one delivery to a receiver; the seam between the delivery rules and the network. */
public interface WebhookPoster {
  /**
   * @return the receiver's HTTP status; an {@link IOException} when none came (refused, reset,
   *     timed out)
   */
  int post(URI url, Map<String, String> headers, byte[] body) throws IOException;
}
