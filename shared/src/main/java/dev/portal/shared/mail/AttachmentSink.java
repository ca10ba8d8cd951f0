package dev.portal.shared.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where {@link MailParser} puts attachments while it reads the message, so their bytes are never all on the heap.
 * The parser calls {@link #store} once per attachment, in message order, from the parsing thread; the stream holds the
 * decoded bytes (base64 and quoted-printable undone) and ends at the end of the part. A sink need not read it to the
 * end: the parser skips what is left. It must not keep the stream after returning.
 */
public interface AttachmentSink {

    /**
     * Stores one attachment and says where and how big it is. Wrapping {@code decoded} in a
     * {@link MeasuringInputStream} gives size and SHA-256 without a second pass. A sink that returns null gets a
     * {@link StoredAttachment} without location, with the size and hash the parser measured itself.
     */
    StoredAttachment store(AttachmentMeta meta, InputStream decoded) throws IOException;

    /** Keeps nothing, but reads every byte to report size and SHA-256 (tests, benchmarks, dry runs). */
    AttachmentSink DISCARD = (meta, decoded) -> {
        MeasuringInputStream measured = new MeasuringInputStream(decoded).drain();
        return new StoredAttachment(meta, null, measured.size(), measured.sha256Hex());
    };
}
