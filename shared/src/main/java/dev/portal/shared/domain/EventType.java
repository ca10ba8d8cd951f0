package dev.portal.shared.domain;

/** Timeline event types; {@code priority_changed} extends the contract's list. */
public enum EventType {
  CREATED("created"), STATUS_CHANGED("status_changed"), PRIORITY_CHANGED("priority_changed"), COMMENT("comment"),
  EMAIL_RECEIVED("email_received"), EMAIL_SENT("email_sent"), TIME_LOGGED("time_logged"), RATED("rated"),
  ATTACHMENT_ADDED("attachment_added");

  private final String wire;

  EventType(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static EventType fromWire(String s) {
    for (EventType t : values()) if (t.wire.equals(s)) return t;
    throw new IllegalArgumentException("unknown event type " + s);
  }
}
