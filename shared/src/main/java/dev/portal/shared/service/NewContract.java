package dev.portal.shared.service;

import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.SlaTerms;
import java.time.LocalDate;

/** A contract as an admin asks for it; {@code endsOn} is optional (open-ended). */
public record NewContract(
    String clientId,
    String name,
    LocalDate startsOn,
    LocalDate endsOn,
    SlaTerms sla,
    int prepaidMinutesPerMonth,
    Money overageRate) {}
