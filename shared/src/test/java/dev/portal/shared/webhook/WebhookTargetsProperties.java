package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The address rules over generated addresses: every one in a refused range is refused, in each of
 * its forms.
 */
class WebhookTargetsProperties {
  private final WebhookTargets aws = new WebhookTargets(h -> List.of(), false);

  /**
   * An IPv4 address inside one of the ranges that must never be reached: private, loopback,
   * link-local, CGNAT.
   */
  @Provide
  Arbitrary<byte[]> nonPublicV4() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Arbitraries.oneOf(
        Combinators.combine(octet, octet, octet).as((a, b, c) -> v4(10, a, b, c)),
        Combinators.combine(octet, octet, octet).as((a, b, c) -> v4(127, a, b, c)),
        Combinators.combine(Arbitraries.integers().between(16, 31), octet, octet)
            .as((a, b, c) -> v4(172, a, b, c)),
        Combinators.combine(octet, octet).as((b, c) -> v4(192, 168, b, c)),
        Combinators.combine(octet, octet).as((b, c) -> v4(169, 254, b, c)),
        Combinators.combine(Arbitraries.integers().between(64, 127), octet, octet)
            .as((a, b, c) -> v4(100, a, b, c)),
        Combinators.combine(octet, octet, octet).as((a, b, c) -> v4(0, a, b, c)),
        Combinators.combine(Arbitraries.integers().between(224, 255), octet, octet, octet)
            .as((f, a, b, c) -> v4(f, a, b, c)));
  }

  @Property
  void aNonPublicIpv4AddressIsRefusedInEveryForm(@ForAll("nonPublicV4") byte[] v4)
      throws Exception {
    assertFalse(aws.allowed(InetAddress.getByAddress(v4)), "plain");
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(v4, 0, mapped, 12, 4);
    // getByAddress turns the mapped form into the IPv4 address; Inet6Address.getByAddress keeps it
    // IPv6.
    assertFalse(aws.allowed(InetAddress.getByAddress(mapped)), "mapped, as Java reads it");
    assertFalse(aws.allowed(Inet6Address.getByAddress(null, mapped, -1)), "mapped, kept IPv6");
    byte[] compatible = new byte[16];
    System.arraycopy(v4, 0, compatible, 12, 4);
    assertFalse(aws.allowed(Inet6Address.getByAddress(null, compatible, -1)), "IPv4-compatible");
    byte[] nat64 = {
      0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3]
    };
    assertFalse(aws.allowed(InetAddress.getByAddress(nat64)), "NAT64");
    byte[] sixToFour = {0x20, 0x02, v4[0], v4[1], v4[2], v4[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    assertFalse(aws.allowed(InetAddress.getByAddress(sixToFour)), "6to4");
  }

  @Property
  void uniqueLocalAndLinkLocalIpv6AreRefused(@ForAll byte[] random) throws Exception {
    byte[] a = new byte[16];
    System.arraycopy(random, 0, a, 0, Math.min(16, random.length));
    byte[] ula = a.clone();
    ula[0] = (byte) (0xfc | (ula[0] & 1));
    assertFalse(aws.allowed(InetAddress.getByAddress(ula)), "fc00::/7");
    byte[] linkLocal = a.clone();
    linkLocal[0] = (byte) 0xfe;
    linkLocal[1] = (byte) (0x80 | (linkLocal[1] & 0x3f));
    assertFalse(aws.allowed(InetAddress.getByAddress(linkLocal)), "fe80::/10");
  }

  /**
   * Whatever 16 bytes: an allowed IPv6 address is global unicast (2000::/3) and none of the
   * embedding forms.
   */
  @Property
  void anAllowedIpv6AddressIsGlobalUnicast(@ForAll byte[] random) throws Exception {
    byte[] a = new byte[16];
    System.arraycopy(random, 0, a, 0, Math.min(16, random.length));
    InetAddress address = InetAddress.getByAddress(a);
    if (address instanceof Inet6Address && aws.allowed(address)) {
      assertTrue((a[0] & 0xe0) == 0x20, "2000::/3");
    }
  }

  @Property
  void publicIpv4AddressesAreAllowed(@ForAll("publicV4") byte[] v4) throws Exception {
    assertTrue(aws.allowed(InetAddress.getByAddress(v4)));
  }

  /** Addresses in 1.0.0.0-9.255.255.255 and 11.0.0.0-99.255.255.255: public unicast throughout. */
  @Provide
  Arbitrary<byte[]> publicV4() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    Arbitrary<Integer> first =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 9), Arbitraries.integers().between(11, 99));
    return Combinators.combine(first, octet, octet, octet).as(WebhookTargetsProperties::v4);
  }

  private static byte[] v4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }
}
