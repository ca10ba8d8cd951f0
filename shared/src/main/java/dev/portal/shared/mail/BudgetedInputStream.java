package dev.portal.shared.mail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets at most {@code budget} bytes through, then throws {@link AttachmentSink.OverBudget}, so a
 * sink that spools a part before storing it stores nothing of a part that would break the message's
 * budget. {@link #disarm()} lifts the limit once the sink is done (the rest of the part is only
 * drained). Does not close the wrapped stream.
 */
final class BudgetedInputStream extends FilterInputStream {

  private final long budget;
  private long read;
  private boolean armed = true;

  BudgetedInputStream(InputStream in, long budget) {
    super(in);
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the parser owns the part's stream
  }

  void disarm() {
    armed = false;
  }

  private void count(long n) throws AttachmentSink.OverBudget {
    read += n;
    if (armed && read > budget) {
      throw new AttachmentSink.OverBudget(budget);
    }
  }
}
