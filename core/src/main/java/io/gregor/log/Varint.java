package io.gregor.log;

import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers, as the record format v2 uses for every field inside a record (the same
 * encoding as Protocol Buffers' {@code sint32}/{@code sint64}): small magnitudes, positive or negative, take one
 * byte, and {@code -1} (a null key) takes one byte too.
 *
 * <p>Reading is done by {@link RecordCursor}, which also counts the bytes consumed: a non-canonical encoding (a
 * zero written as {@code 0x80 0x00}) is legal input, so the size of the value cannot be inferred from the value.
 */
public final class Varint {

    /** Longest encoding of an int: 5 groups of 7 bits. */
    public static final int MAX_VARINT_BYTES = 5;
    /** Longest encoding of a long: 10 groups of 7 bits. */
    public static final int MAX_VARLONG_BYTES = 10;

    private Varint() {
    }

    /** Bytes {@code value} takes as a zig-zag varint. */
    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Bytes {@code value} takes as a zig-zag varlong. */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void writeVarint(int value, ByteBuffer out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }
}
