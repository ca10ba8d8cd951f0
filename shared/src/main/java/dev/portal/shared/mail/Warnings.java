package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects what went wrong while parsing one message. Bounded, so a message full of faults cannot
 * grow it.
 */
final class Warnings {

  private static final int MAX = 50;

  private final Set<String> items = new LinkedHashSet<>();
  private int dropped;

  void add(String warning) {
    if (items.size() < MAX) {
      items.add(warning);
    } else if (!items.contains(warning)) {
      dropped++;
    }
  }

  List<String> toList() {
    List<String> list = new ArrayList<>(items);
    if (dropped > 0) {
      list.add(dropped + " more warnings left out");
    }
    return list;
  }
}
