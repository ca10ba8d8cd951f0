package dev.portal.shared.service;

import java.time.LocalDate;
import java.util.List;

/** An invoice as an agent asks for it; amounts and the total are computed by the server. */
public record NewInvoice(
    String clientId,
    String number,
    LocalDate issuedOn,
    LocalDate dueOn,
    String currency,
    List<Line> lines) {

  public record Line(String description, long quantity, long unitPriceMinor, String ticketId) {}
}
