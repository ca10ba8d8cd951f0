package dev.portal.shared.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where {@link MailParser} puts attachments while it reads the message, so their bytes are never
 * all on the heap. The parser calls {@link #store} once per attachment, in message order, from the
 * parsing thread; the stream holds the decoded bytes (base64 and quoted-printable undone) and ends
 * at the end of the part. A sink need not read it to the end: the parser skips what is left. It
 * must not keep the stream after returning.
 *
 * <p>The parser gives a sink at most {@link MailLimits#MAX_ATTACHMENTS} parts (or fewer, as its
 * owner asks) and {@link MailLimits#MAX_DECODED_BYTES} decoded bytes per message. A part that would
 * go past the byte budget makes the stream throw {@link OverBudget} while the sink reads it: the
 * sink must let it propagate and keep nothing of that part; the parser counts it as dropped.
 */
public interface AttachmentSink {

  /**
   * Thrown by the stream given to {@link #store} when the part would take the message past its byte
   * budget.
   */
  final class OverBudget extends IOException {
    public OverBudget(long budget) {
      super("attachments of this message go past " + budget + " decoded bytes");
    }
  }

  /**
   * Stores one attachment and says where and how big it is. Wrapping {@code decoded} in a {@link
   * MeasuringInputStream} gives size and SHA-256 without a second pass. A sink that returns null
   * gets a {@link StoredAttachment} without location, with the size and hash the parser measured
   * itself.
   */
  StoredAttachment store(AttachmentMeta meta, InputStream decoded) throws IOException;

  /**
   * Keeps nothing, but reads every byte to report size and SHA-256 (tests, benchmarks, dry runs).
   */
  AttachmentSink DISCARD =
      (meta, decoded) -> {
        MeasuringInputStream measured = new MeasuringInputStream(decoded).drain();
        return new StoredAttachment(meta, null, measured.size(), measured.sha256Hex());
      };
}
