package dev.portal.shared.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * An address the tenant's mail no longer goes to, because SES reported it: a permanent (hard)
 * bounce, or the recipient marked the mail as spam. Transient bounces suppress nothing.
 *
 * @param detail SES's bounce subtype ({@code General}, {@code NoEmail}, {@code
 *     OnAccountSuppressionList}, ...) or the complaint's feedback type ({@code abuse}, ...); null
 *     when SES gave none
 * @param sesMessageId SES's id of the mail that bounced or was complained about
 */
public record Suppression(Reason reason, String detail, Instant at, String sesMessageId) {
  public enum Reason implements WireNames.Wired {
    BOUNCE("bounce"),
    COMPLAINT("complaint");

    private final String wire;

    Reason(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public static Optional<Reason> fromWire(String s) {
      return WireNames.find(values(), s);
    }
  }
}
