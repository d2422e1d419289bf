package io.gregor.log;

import io.gregor.common.Invariant;
import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A segment's sparse offset index ({@code .index}): every {@code indexIntervalBytes} of batches, one entry mapping
 * the last offset of a batch to the byte position where that batch starts, so a read seeks near its target
 * instead of scanning the whole segment. Entries are 8 bytes on disk: the offset relative to the segment's base
 * (int32) and the position (int32), strictly increasing in both.
 *
 * <p>The index lives in memory (two int arrays) and every entry is also written through to the file, so a
 * restart can load instead of rescanning. The file is only a cache of the log: recovery never trusts it past the
 * recovery point, and a loaded index that fails its checks is rebuilt from the segment.
 */
final class OffsetIndex extends IndexFile {

    static final int ENTRY_SIZE_BYTES = 8;

    private int[] relativeOffsets = new int[16];
    private int[] positions = new int[16];
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_SIZE_BYTES);

    OffsetIndex(Disk disk, String file, long baseOffset, int maxEntries) {
        super(disk, file, baseOffset, maxEntries, ENTRY_SIZE_BYTES);
    }

    /** The index file's size, or {@code -1} if it is missing. */
    long fileSizeBytes() {
        return disk.exists(file) ? disk.size(file) : -1L;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    @Override
    long offset(int i) {
        return baseOffset + relativeOffsets[i];
    }

    int position(int i) {
        return positions[i];
    }

    /** Position of the last entry, or {@code 0} when empty. */
    int lastPosition() {
        return entries == 0 ? 0 : positions[entries - 1];
    }

    /** Adds an entry: the batch ending at {@code lastOffset} starts at {@code position}. */
    void append(long lastOffset, int position) {
        Invariant.check(!isFull(), "offset index %s is full (%d entries)", file, maxEntries);
        Invariant.check(entries == 0 || lastOffset > lastOffset() && position > lastPosition(),
                "offset index %s entry (%d, %d) does not follow (%d, %d)", file, lastOffset, position, lastOffset(),
                lastPosition());
        long relative = lastOffset - baseOffset;
        Invariant.check(relative >= 0 && relative <= Integer.MAX_VALUE, "offset %d is not relative to base %d",
                lastOffset, baseOffset);
        grow();
        relativeOffsets[entries] = (int) relative;
        positions[entries] = position;
        entryBuffer.clear();
        entryBuffer.putInt((int) relative).putInt(position).flip();
        disk.write(file, (long) entries * ENTRY_SIZE_BYTES, entryBuffer);
        entries++;
    }

    /**
     * Where to start scanning for {@code targetOffset}: the position of the last indexed batch that ends at or
     * before it ({@code 0} if none). The batch holding the target is at or after that position.
     */
    int lookup(long targetOffset) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offset(mid) <= targetOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : positions[found];
    }

    /**
     * Loads the file and checks it: whole entries, strictly increasing, positions inside the segment. Does not
     * check that entries point at batches; {@link LogSegment} does that.
     *
     * @return null if it loaded, otherwise why it was rejected
     */
    String load(int segmentSizeBytes) {
        Contents contents = readAll();
        if (contents.problem() != null) {
            return contents.problem();
        }
        ByteBuffer bytes = contents.entries();
        int n = contents.count();
        for (int i = 0; i < n; i++) {
            int relative = bytes.getInt();
            int position = bytes.getInt();
            if (relative < 0 || position < 0 || position >= segmentSizeBytes) {
                entries = 0;
                return "entry " + i + " (" + relative + ", " + position + ") is out of range";
            }
            if (i > 0 && (relative <= relativeOffsets[i - 1] || position <= positions[i - 1])) {
                entries = 0;
                return "entry " + i + " does not increase";
            }
            grow();
            relativeOffsets[i] = relative;
            positions[i] = position;
            entries = i + 1;
        }
        return null;
    }

    private void grow() {
        if (entries == relativeOffsets.length) {
            int capacity = Math.min(maxEntries, entries * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, Math.max(capacity, entries + 1));
            positions = Arrays.copyOf(positions, relativeOffsets.length);
        }
    }
}
