package dev.portal.shared.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into its addresses; the seam that lets tests say what a name resolves to, and
 * when.
 */
public interface HostResolver {
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * The JVM's resolver (its cache keeps an answer for {@code networkaddress.cache.ttl} seconds).
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
