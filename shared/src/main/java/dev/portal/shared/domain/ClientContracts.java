package dev.portal.shared.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A client's contracts as summarised on its active-contract item, with the item's revision: every
 * contract created or ended bumps it, so a writer that decided on this reading can make its write
 * conditional on nothing having changed.
 */
public record ClientContracts(List<ActiveContract> contracts, long revision) {
  public static final ClientContracts NONE = new ClientContracts(List.of(), 0);

  public ClientContracts {
    contracts = List.copyOf(contracts);
  }

  /** Contracts never overlap, so at most one runs on a day. */
  public Optional<ActiveContract> runningOn(LocalDate day) {
    return contracts.stream().filter(c -> c.runsOn(day)).findFirst();
  }
}
