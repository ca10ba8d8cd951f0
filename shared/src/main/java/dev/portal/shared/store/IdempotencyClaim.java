package dev.portal.shared.store;

/**
 * A caller's {@code Idempotency-Key} reduced to what the store needs: a hash of tenant-scoped
 * caller and key (the partition), and a hash of the request it was first used with.
 *
 * @param holder the token of the in-flight claim this request holds on the key, or null when it
 *     holds none (then the completed record is created by the write it protects, as ticket creation
 *     does)
 */
public record IdempotencyClaim(
    String tenantId, String scopeHash, String requestHash, String holder) {

  public IdempotencyClaim(String tenantId, String scopeHash, String requestHash) {
    this(tenantId, scopeHash, requestHash, null);
  }

  /** The same key, claimed in flight under {@code token}. */
  public IdempotencyClaim heldBy(String token) {
    return new IdempotencyClaim(tenantId, scopeHash, requestHash, token);
  }
}
