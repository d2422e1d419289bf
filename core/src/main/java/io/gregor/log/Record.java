package io.gregor.log;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record as a reader sees it, with its absolute offset and timestamp resolved from the batch header. Key and
 * value are read-only views into the batch's buffer (or {@code null}); copy them if the buffer is reused.
 *
 * @param offset the batch's base offset plus the record's offset delta
 * @param timestamp the batch's base timestamp plus the record's delta, or the batch's max timestamp when the batch
 *     uses {@link TimestampType#LOG_APPEND_TIME}
 * @param key the key, or {@code null}
 * @param value the value, or {@code null} (a tombstone)
 * @param headers in order; empty when there are none
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {

    public Record {
        headers = List.copyOf(headers);
    }
}
