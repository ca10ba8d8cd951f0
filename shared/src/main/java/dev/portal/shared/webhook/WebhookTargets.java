package dev.portal.shared.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs a webhook may point at. A receiver's URL comes from a tenant admin, so it is hostile:
 * posting to {@code http://169.254.169.254/} or to a host inside the VPC would let a tenant reach
 * what only the platform should (server-side request forgery). So a URL must be https, and every
 * address its host resolves to must be a public unicast address: no private, loopback, link-local,
 * carrier-grade NAT, IPv6 unique-local, multicast or reserved address, and no IPv6 form that embeds
 * an IPv4 address (mapped, compatible, NAT64, 6to4) unless the embedded one is public. The check
 * runs at registration and again before every delivery, because a name may resolve differently
 * later.
 *
 * <p>Local mode ({@code local = true}) also takes http and loopback addresses, so a receiver on
 * 127.0.0.1 can be tried; it still refuses every other private range.
 */
public final class WebhookTargets {
  /** Longer URLs are not addresses anyone types; the cap keeps the webhooks item small. */
  public static final int MAX_URL = 2048;

  private final HostResolver resolver;
  private final boolean local;

  public WebhookTargets(HostResolver resolver, boolean local) {
    this.resolver = resolver;
    this.local = local;
  }

  /**
   * A refused target: {@link #getMessage()} says why, for the admin's 400 or the delivery's record.
   */
  public static final class Refused extends Exception {
    public Refused(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * The URL parsed and checked by its form alone (scheme, host, no credentials), without resolving
   * it.
   */
  public URI parse(String url) throws Refused {
    if (url == null || url.isEmpty() || url.length() > MAX_URL)
      throw new Refused("must be a URL of at most " + MAX_URL + " characters");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(local && scheme.equals("http"))) {
      throw new Refused(local ? "must be an http or https URL" : "must be an https URL");
    }
    if (uri.getRawUserInfo() != null) throw new Refused("must not carry a user name or password");
    if (uri.getHost() == null || uri.getHost().isEmpty()) throw new Refused("must name a host");
    if (uri.getRawFragment() != null) throw new Refused("must not have a fragment");
    return uri;
  }

  /** Parses {@code url}, resolves its host and checks every address it resolves to. */
  public URI check(String url) throws Refused {
    URI uri = parse(url);
    addresses(uri);
    return uri;
  }

  /**
   * The host's addresses, all of them allowed; refused when any is not, or when the name does not
   * resolve.
   */
  public List<InetAddress> addresses(URI uri) throws Refused {
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    List<InetAddress> all;
    try {
      // An address literal is its own answer: no resolver is asked (InetAddress parses a literal
      // without a lookup).
      all = isLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new Refused("host " + host + " does not resolve");
    }
    if (all == null || all.isEmpty()) throw new Refused("host " + host + " does not resolve");
    for (InetAddress a : all) {
      if (!allowed(a))
        throw new Refused(
            "host "
                + host
                + " resolves to "
                + a.getHostAddress()
                + ", which is not a public address");
    }
    return all;
  }

  static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** Whether the portal may post to {@code a}: public unicast, or loopback in local mode. */
  public boolean allowed(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) return publicV4(b) || (local && (b[0] & 0xff) == 127);
    if (a instanceof Inet6Address) return publicV6(b) || (local && isV6Loopback(b));
    return false;
  }

  private static boolean isV6Loopback(byte[] b) {
    for (int i = 0; i < 15; i++) if (b[i] != 0) return false;
    return b[15] == 1;
  }

  static boolean publicV4(byte[] b) {
    int o0 = b[0] & 0xff;
    int o1 = b[1] & 0xff;
    int o2 = b[2] & 0xff;
    if (o0 == 0 || o0 == 10 || o0 == 127) return false; // this network, private, loopback
    if (o0 == 100 && o1 >= 64 && o1 <= 127) return false; // carrier-grade NAT 100.64/10
    if (o0 == 169 && o1 == 254) return false; // link-local (instance metadata)
    if (o0 == 172 && o1 >= 16 && o1 <= 31) return false; // private 172.16/12
    if (o0 == 192 && o1 == 168) return false; // private 192.168/16
    if (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2))
      return false; // IETF protocol assignments, documentation
    if (o0 == 198 && (o1 == 18 || o1 == 19)) return false; // benchmarking 198.18/15
    if (o0 == 198 && o1 == 51 && o2 == 100) return false; // documentation
    if (o0 == 203 && o1 == 0 && o2 == 113) return false; // documentation
    return o0 < 224; // multicast 224/4, reserved 240/4, broadcast
  }

  static boolean publicV6(byte[] b) {
    int first = b[0] & 0xff;
    boolean zeroTo10 = true;
    for (int i = 0; i < 10; i++) zeroTo10 &= b[i] == 0;
    if (zeroTo10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)
      return false; // IPv4-mapped ::ffff:0:0/96
    boolean zeroTo12 = zeroTo10 && b[10] == 0 && b[11] == 0;
    if (zeroTo12) return false; // unspecified, loopback, IPv4-compatible ::/96
    if ((first & 0xfe) == 0xfc) return false; // unique-local fc00::/7
    if (first == 0xfe && (b[1] & 0xc0) == 0x80) return false; // link-local fe80::/10
    if (first == 0xfe && (b[1] & 0xc0) == 0xc0) return false; // site-local fec0::/10 (deprecated)
    if (first == 0xff) return false; // multicast
    if (first == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8)
      return false; // documentation
    if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
      return false; // Teredo 2001::/32 tunnels anywhere
    if (first == 0x00
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b) { // NAT64 64:ff9b::/96
      return publicV4(new byte[] {b[12], b[13], b[14], b[15]});
    }
    if (first == 0x20 && b[1] == 0x02)
      return publicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16
    return (first & 0xe0) == 0x20; // global unicast 2000::/3 only
  }
}
