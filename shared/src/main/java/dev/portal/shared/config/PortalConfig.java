package dev.portal.shared.config;

import java.time.ZoneId;

/**
 * Configuration from the environment ({@code TABLE_NAME}, {@code CURSOR_SECRET} or {@code
 * CURSOR_SECRET_PARAMETER}, {@code TENANT_DEFAULT_TIMEZONE}). AWS endpoints, region and credentials
 * are not here: the SDK reads them from its standard variables.
 */
public record PortalConfig(String tableName, CursorSecret cursorSecret, ZoneId defaultZone) {}
