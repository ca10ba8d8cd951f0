package dev.portal.shared.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A client's contracts as summarised on its active-contract item. */
public record ClientContracts(List<ActiveContract> contracts) {
  public static final ClientContracts NONE = new ClientContracts(List.of());

  public ClientContracts {
    contracts = List.copyOf(contracts);
  }

  /** Contracts never overlap, so at most one runs on a day. */
  public Optional<ActiveContract> runningOn(LocalDate day) {
    return contracts.stream().filter(c -> c.runsOn(day)).findFirst();
  }
}
