package dev.portal.shared.email;

/** The queue the notifier function consumes (SQS). */
public interface OutboundQueue {
  void enqueue(OutboundMail mail);
}
