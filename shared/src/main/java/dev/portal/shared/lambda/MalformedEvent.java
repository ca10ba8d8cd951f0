package dev.portal.shared.lambda;

/**
 * The event Lambda handed over is not the JSON its source sends: not JSON, a value of the wrong
 * shape, larger or deeper than any real event. Checked, so that every reader states it and every
 * handler decides what the caller sees (an HTTP function answers 400; an event-source function
 * fails the invocation, as the runtime's own mapping did).
 */
public final class MalformedEvent extends Exception {
  public MalformedEvent(String message) {
    super(message, null, false, false);
  }
}
