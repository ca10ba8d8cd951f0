package dev.portal.shared.email;

import java.util.List;

/** DNS TXT look-ups, behind an interface so the ownership rule is tested without a network. */
public interface TxtResolver {
  /**
   * The TXT strings published at {@code name}; empty when there are none or the name does not
   * exist.
   */
  List<String> txt(String name);
}
