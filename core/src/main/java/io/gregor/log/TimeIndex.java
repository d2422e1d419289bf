package io.gregor.log;

import io.gregor.common.Invariant;
import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A segment's sparse time index ({@code .timeindex}): entries of (max timestamp so far, offset of the batch that
 * holds it), added alongside offset index entries whenever the maximum has grown. It answers "the first offset
 * whose timestamp may be at least T" (ListOffsets by time) and gives a loaded segment its largest timestamp back,
 * which time-based retention needs. 12 bytes per entry on disk: timestamp int64, offset relative to base int32.
 */
final class TimeIndex extends IndexFile {

    static final int ENTRY_SIZE_BYTES = 12;

    private long[] timestamps = new long[16];
    private int[] relativeOffsets = new int[16];
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_SIZE_BYTES);

    TimeIndex(Disk disk, String file, long baseOffset, int maxEntries) {
        super(disk, file, baseOffset, maxEntries, ENTRY_SIZE_BYTES);
    }

    long timestamp(int i) {
        return timestamps[i];
    }

    @Override
    long offset(int i) {
        return baseOffset + relativeOffsets[i];
    }

    /** The largest timestamp indexed, or {@link RecordBatch#NO_TIMESTAMP}. */
    long lastTimestamp() {
        return entries == 0 ? RecordBatch.NO_TIMESTAMP : timestamps[entries - 1];
    }

    /** Adds (timestamp, offset) if the timestamp is a new maximum and there is room. */
    void maybeAppend(long timestamp, long offset) {
        if (entries >= maxEntries || entries > 0 && timestamp <= lastTimestamp()) {
            return;
        }
        Invariant.check(entries == 0 || offset >= lastOffset(), "time index %s offset %d goes back from %d", file,
                offset, lastOffset());
        if (entries == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, entries * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, entries * 2);
        }
        int relative = (int) (offset - baseOffset);
        timestamps[entries] = timestamp;
        relativeOffsets[entries] = relative;
        entryBuffer.clear();
        entryBuffer.putLong(timestamp).putInt(relative).flip();
        disk.write(file, (long) entries * ENTRY_SIZE_BYTES, entryBuffer);
        entries++;
    }

    /** The offset of the first entry with a timestamp at least {@code targetTimestamp}, or {@code -1}. */
    long lookup(long targetTimestamp) {
        for (int i = 0; i < entries; i++) {
            if (timestamps[i] >= targetTimestamp) {
                return offset(i);
            }
        }
        return -1L;
    }

    /**
     * Loads and checks the file: whole entries, timestamps strictly increasing, offsets non-decreasing and inside
     * {@code [baseOffset, nextOffset)}.
     *
     * @return null if it loaded, otherwise why it was rejected
     */
    String load(long nextOffset) {
        Contents contents = readAll();
        if (contents.problem() != null) {
            return contents.problem();
        }
        ByteBuffer bytes = contents.entries();
        int n = contents.count();
        long[] ts = new long[Math.max(16, n)];
        int[] rel = new int[ts.length];
        for (int i = 0; i < n; i++) {
            ts[i] = bytes.getLong();
            rel[i] = bytes.getInt();
            if (rel[i] < 0 || baseOffset + rel[i] >= nextOffset) {
                return "entry " + i + " offset " + (baseOffset + rel[i]) + " is outside the segment";
            }
            if (i > 0 && (ts[i] <= ts[i - 1] || rel[i] < rel[i - 1])) {
                return "entry " + i + " does not increase";
            }
        }
        timestamps = ts;
        relativeOffsets = rel;
        entries = n;
        return null;
    }
}
