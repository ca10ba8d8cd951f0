package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-side request forgery: what a webhook URL may resolve to, through a double of our resolver.
 */
class WebhookTargetsTest {
  /** A DNS that answers what the test says, per name. */
  static final class FakeDns implements HostResolver {
    final Map<String, List<InetAddress>> answers = new HashMap<>();

    FakeDns answer(String host, String... addresses) {
      answers.put(host, java.util.Arrays.stream(addresses).map(FakeDns::literal).toList());
      return this;
    }

    static InetAddress literal(String a) {
      try {
        return InetAddress.getByName(a); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(a, e);
      }
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      List<InetAddress> a = answers.get(host);
      if (a == null) throw new UnknownHostException(host);
      return a;
    }
  }

  private final FakeDns dns =
      new FakeDns().answer("hooks.example.com", "93.184.215.14", "2606:2800:21f:cb07::1");
  private final WebhookTargets aws = new WebhookTargets(dns, false);
  private final WebhookTargets local = new WebhookTargets(dns, true);

  @Test
  void aPublicHttpsUrlIsAccepted() {
    assertDoesNotThrow(() -> aws.check("https://hooks.example.com/portal?x=1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "127.0.0.1",
        "127.8.8.8",
        "0.0.0.0",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456:789a::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
        "::10.0.0.1"
      })
  void aNameResolvingToANonPublicAddressIsRefusedInAws(String address) {
    dns.answer("evil.example.com", address);
    var e =
        assertThrows(
            WebhookTargets.Refused.class, () -> aws.check("https://evil.example.com/hook"));
    assertTrue(e.getMessage().contains("not a public address"), e.getMessage());
  }

  @Test
  void anIpv4MappedAddressHeldAsIpv6IsRefused() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
    InetAddress a = Inet6Address.getByAddress(null, mapped, -1);
    assertTrue(a instanceof Inet6Address);
    assertTrue(!aws.allowed(a), "even a mapped public address is refused in its IPv6 form");
  }

  @Test
  void oneNonPublicAddressAmongPublicOnesIsEnough() {
    dns.answer("mixed.example.com", "93.184.215.14", "10.0.0.7");
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("https://mixed.example.com/"));
  }

  @Test
  void addressLiteralsInTheUrlAreCheckedToo() {
    // The double knows no names here, so only the address check can refuse these.
    for (String url :
        List.of(
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]:8443/",
            "https://[::ffff:7f00:1]/",
            "https://10.0.0.1/",
            "https://[fd00::1]/")) {
      var e = assertThrows(WebhookTargets.Refused.class, () -> aws.check(url));
      assertTrue(e.getMessage().contains("not a public address"), url + ": " + e.getMessage());
    }
    assertDoesNotThrow(() -> aws.check("https://93.184.215.14/hook"));
  }

  @Test
  void awsTakesHttpsOnlyWithoutCredentialsOrFragment() throws Exception {
    assertEquals(
        "must be an https URL",
        assertThrows(WebhookTargets.Refused.class, () -> aws.check("http://hooks.example.com/"))
            .getMessage());
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("ftp://hooks.example.com/"));
    assertThrows(
        WebhookTargets.Refused.class, () -> aws.check("https://user:pw@hooks.example.com/"));
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("https://hooks.example.com/#x"));
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("https:///path"));
    assertThrows(
        WebhookTargets.Refused.class,
        () -> aws.check("https://hooks.example.com/" + "a".repeat(2048)));
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("https://unknown.example.com/"));
  }

  @Test
  void localModeTakesHttpAndLoopbackButNoOtherPrivateAddress() {
    dns.answer("localhost", "127.0.0.1", "::1");
    assertDoesNotThrow(() -> local.check("http://127.0.0.1:8099/hook"));
    assertDoesNotThrow(() -> local.check("http://localhost:8099/hook"));
    assertThrows(WebhookTargets.Refused.class, () -> local.check("http://10.0.0.1/hook"));
    assertThrows(WebhookTargets.Refused.class, () -> local.check("http://169.254.169.254/"));
    assertThrows(WebhookTargets.Refused.class, () -> aws.check("https://localhost:8099/hook"));
  }
}
