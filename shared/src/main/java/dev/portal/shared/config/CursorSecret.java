package dev.portal.shared.config;

import java.util.function.Supplier;

/**
 * The deployment's secret that list cursors and mail-domain proofs are derived from. In AWS it is
 * an SSM Parameter Store SecureString ({@code CURSOR_SECRET_PARAMETER} names it); local mode and
 * the tests give the value itself ({@code CURSOR_SECRET}).
 *
 * <p>Read on first use, then kept for the container's life, never at init: with SnapStart, init
 * runs once per published version, where a failed read (the role's permission not yet propagated on
 * a first deploy) would fail the version, and a value read there would sit in every snapshot. A
 * failed read is not kept: the next use tries again. Functions that never seal or open a cursor
 * never read it and need neither the variable nor the permission.
 */
public final class CursorSecret implements Supplier<String> {
  static final int MIN_LENGTH = 32;

  private final String source;
  private final Supplier<String> read;
  private volatile String value;

  private CursorSecret(String source, Supplier<String> read) {
    this.source = source;
    this.read = read;
  }

  /** The value itself ({@code CURSOR_SECRET}). */
  public static CursorSecret of(String value) {
    return new CursorSecret("CURSOR_SECRET", () -> value);
  }

  /**
   * The SecureString {@code name}, read through {@code parameters} (absent from a jar without the
   * SSM client).
   */
  public static CursorSecret fromParameter(String name, SecureParameters parameters) {
    return new CursorSecret(
        "the SSM parameter " + name + " (CURSOR_SECRET_PARAMETER)",
        () -> {
          if (parameters == null) {
            throw new IllegalStateException(
                "CURSOR_SECRET_PARAMETER is set, but this function carries no SSM client");
          }
          return parameters.read(name);
        });
  }

  /**
   * Neither variable is set: fine for a function that never uses the secret, an error for one that
   * does.
   */
  public static CursorSecret missing() {
    return new CursorSecret(
        "nothing",
        () -> {
          throw new IllegalStateException(
              "neither CURSOR_SECRET nor CURSOR_SECRET_PARAMETER is set");
        });
  }

  @Override
  public String get() {
    String v = value;
    if (v == null) {
      synchronized (this) {
        if (value == null) {
          String read = this.read.get();
          if (read == null || read.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                "the cursor secret from "
                    + source
                    + " must be at least "
                    + MIN_LENGTH
                    + " characters");
          }
          value = read;
        }
        v = value;
      }
    }
    return v;
  }

  @Override
  public String toString() {
    return "CursorSecret[" + source + "]";
  }
}
