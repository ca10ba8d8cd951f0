package dev.portal.shared.domain;

/**
 * What a person is in one tenant, as the pre-token-generation trigger reads it: the source of the
 * {@code tenant_id}, {@code client_id} and {@code roles} claims of their ID token.
 *
 * @param clientId the client company of a contact; null for staff
 */
public record Member(String email, String tenantId, String clientId, Role role, boolean active) {}
