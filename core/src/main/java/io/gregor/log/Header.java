package io.gregor.log;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A record header: a UTF-8 key and an optional value (null is encoded as length -1).
 *
 * @param key never null
 * @param value read-only, or {@code null}
 */
public record Header(String key, ByteBuffer value) {

    public Header {
        Objects.requireNonNull(key, "header key");
        value = value == null ? null : value.asReadOnlyBuffer();
    }

    /** A header with a byte-array value (copied), or a null value. */
    public static Header of(String key, byte[] value) {
        return new Header(key, value == null ? null : ByteBuffer.wrap(value.clone()));
    }
}
