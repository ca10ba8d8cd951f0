package dev.portal.shared.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Posts one delivery to a receiver; the seam between the delivery rules and the network. */
public interface WebhookPoster {
  /**
   * @param addresses the URL's host as the deliverer checked it: the post connects to one of these
   *     and never looks the name up again
   * @return the receiver's HTTP status; an {@link IOException} when none came (refused, reset,
   *     timed out)
   */
  int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body)
      throws IOException;
}
