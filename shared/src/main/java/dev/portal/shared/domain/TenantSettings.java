package dev.portal.shared.domain;

import java.time.ZoneId;

/** What a tenant configures: the prefix of its ticket numbers and its time zone (business calendar, month ends). */
public record TenantSettings(String tenantId, String ticketPrefix, ZoneId zone) {}
