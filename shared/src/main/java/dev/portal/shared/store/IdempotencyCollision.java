package dev.portal.shared.store;

/**
 * The completed idempotency record could not be written with the request's own items, so the
 * transaction wrote nothing: another request holds the key (it took over an expired claim, or it
 * created the record first).
 */
public final class IdempotencyCollision extends RuntimeException {
  public IdempotencyCollision() {
    super("idempotency key already used", null, false, false);
  }
}
