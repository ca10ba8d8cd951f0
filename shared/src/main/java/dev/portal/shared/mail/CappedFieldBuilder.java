package dev.portal.shared.mail;

import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.stream.DefaultFieldBuilder;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * mime4j's header field builder with our cap instead of its own: the bytes of a field past {@link
 * MailLimits#MAX_HEADER_BYTES} are skipped, where mime4j's limit throws and ends the parse, so one
 * huge header could hide every field after it (From included). One instance per parse; the warning
 * is given once per field.
 */
final class CappedFieldBuilder extends DefaultFieldBuilder {

  private final Warnings warnings;
  private int length;
  private boolean cut;

  CappedFieldBuilder(Warnings warnings) {
    super(-1);
    this.warnings = warnings;
  }

  @Override
  public void reset() {
    super.reset();
    length = 0;
    cut = false;
  }

  // super has no limit (-1), so it never throws the exception it declares
  @Override
  public void append(ByteArrayBuffer line) throws MaxHeaderLengthLimitException {
    if (line == null) {
      return;
    }
    int room = MailLimits.MAX_HEADER_BYTES - length;
    if (line.length() <= room) {
      super.append(line);
      length += line.length();
      return;
    }
    if (!cut) {
      cut = true;
      warnings.add(
          "header field longer than "
              + MailLimits.MAX_HEADER_BYTES
              + " bytes cut to "
              + MailLimits.MAX_HEADER_BYTES);
    }
    if (room > 0) {
      super.append(new ByteArrayBuffer(line.buffer(), room, false));
      length += room;
    }
  }
}
