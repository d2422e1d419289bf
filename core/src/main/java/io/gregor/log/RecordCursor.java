package io.gregor.log;

import java.nio.ByteBuffer;

/**
 * Reads the fields of records one after another from a buffer, with absolute gets between {@code position} and a
 * hard {@code limit} (the end of the batch): every read is bounds-checked, so a lying length field turns into an
 * {@link InvalidRecordException}, never an out-of-bounds read of the next batch. Reusable; allocation-free.
 */
final class RecordCursor {

    private ByteBuffer buffer;
    private int position;
    private int limit;

    /** Points the cursor at {@code [position, limit)} of {@code buffer}. */
    RecordCursor reset(ByteBuffer buffer, int position, int limit) {
        this.buffer = buffer;
        this.position = position;
        this.limit = limit;
        return this;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    byte readByte() {
        require(1);
        return buffer.get(position++);
    }

    int readVarint() {
        int raw = 0;
        int shift = 0;
        int start = position;
        while (true) {
            byte b = readByte();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift >= 7 * Varint.MAX_VARINT_BYTES) {
                throw new InvalidRecordException("varint longer than 5 bytes at byte " + start + " of the batch");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    long readVarlong() {
        long raw = 0L;
        int shift = 0;
        int start = position;
        while (true) {
            byte b = readByte();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift >= 7 * Varint.MAX_VARLONG_BYTES) {
                throw new InvalidRecordException("varlong longer than 10 bytes at byte " + start + " of the batch");
            }
        }
        return (raw >>> 1) ^ -(raw & 1L);
    }

    /** Skips {@code length} bytes and returns where they began. */
    int skip(int length) {
        if (length < 0) {
            throw new InvalidRecordException("negative field length " + length + " at byte " + position);
        }
        require(length);
        int start = position;
        position += length;
        return start;
    }

    /** A read-only view of the next {@code length} bytes; advances past them. */
    ByteBuffer slice(int length) {
        int start = skip(length);
        return buffer.slice(start, length).asReadOnlyBuffer();
    }

    private void require(int bytes) {
        if (bytes > limit - position) {
            throw new InvalidRecordException("record field of " + bytes + " bytes at byte " + position
                    + " runs past the end of its record or batch (byte " + limit + ")");
        }
    }
}
