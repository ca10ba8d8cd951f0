package dev.portal.shared.config;

/**
 * Encrypted configuration values by name: SSM Parameter Store's SecureStrings in AWS and on the
 * emulator.
 */
public interface SecureParameters {
  /** The decrypted value of the parameter {@code name}; throws when it is missing or unreadable. */
  String read(String name);
}
