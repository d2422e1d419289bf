package io.gregor.log;

import io.gregor.common.Invariant;
import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One segment of a partition log: the batches from {@link #baseOffset()} on in {@code <20-digit base>.log}, with
 * its sparse {@link OffsetIndex} and {@link TimeIndex}. Only the last segment of a log (the active one) is
 * appended to. A segment knows how to append, find a batch by offset, read whole batches, truncate, and scan
 * itself on recovery; the {@link Log} decides when to roll, what to trust and what a bad batch means.
 */
final class LogSegment {

    private final Disk disk;
    private final long baseOffset;
    private final String logFile;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final long createdMs;

    private int sizeBytes;
    private long nextOffset;
    /**
     * Where recent reads ended, one slot per reader that keeps coming back (followers, consumers, the checks): the
     * batch of base offset {@code hintOffsets[i]} starts at byte {@code hintPositions[i]}. A read that starts at a
     * hint moves that slot on; any other takes the next slot in turn. Cleared (-1) whenever bytes are cut, since a
     * batch written there later may start elsewhere.
     */
    private final long[] hintOffsets = newHints();
    private final int[] hintPositions = new int[HINTS];
    private int nextHintSlot;
    private long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private long offsetOfMaxTimestampSoFar = -1L;
    private long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean dirty;
    /** Recovery stopped this segment short of its file's end (corrupt data past it, kept for the operator). */
    private boolean capped;

    private final ByteBuffer headerBuffer = ByteBuffer.allocate(RecordBatch.RECORD_BATCH_OVERHEAD);
    private final RecordBatch header = new RecordBatch();

    private LogSegment(Disk disk, String dir, long baseOffset, LogConfig config, long createdMs) {
        this.disk = disk;
        this.baseOffset = baseOffset;
        String stem = dir + "/" + DiskReads.fileStem(baseOffset);
        this.logFile = (stem + ".log").intern(); // the same instance across restarts: name lookups hit at once
        this.offsetIndex = new OffsetIndex(disk, stem + ".index", baseOffset, config.maxIndexEntries());
        this.timeIndex = new TimeIndex(disk, stem + ".timeindex", baseOffset,
                Math.max(1, config.maxIndexSizeBytes() / TimeIndex.ENTRY_SIZE_BYTES));
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.createdMs = createdMs;
        this.nextOffset = baseOffset;
    }

    /** A new, empty segment; any leftover files of that name are emptied. */
    static LogSegment create(Disk disk, String dir, long baseOffset, LogConfig config, long nowMs) {
        LogSegment s = new LogSegment(disk, dir, baseOffset, config, nowMs);
        for (String f : s.files()) {
            disk.write(f, 0L, ByteBuffer.allocate(0));
            disk.truncate(f, 0L);
        }
        s.dirty = true;
        return s;
    }

    /** An existing segment, not yet loaded: {@link SegmentRecovery} loads or recovers it next. */
    static LogSegment open(Disk disk, String dir, long baseOffset, LogConfig config, long nowMs) {
        LogSegment s = new LogSegment(disk, dir, baseOffset, config, nowMs);
        s.sizeBytes = (int) Math.min(Integer.MAX_VALUE, disk.size(s.logFile));
        return s;
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The offset after the last batch; the base offset when empty. */
    long nextOffset() {
        return nextOffset;
    }

    int sizeBytes() {
        return sizeBytes;
    }

    String logFile() {
        return logFile;
    }

    List<String> files() {
        return List.of(logFile, offsetIndex.file(), timeIndex.file());
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /** The largest batch max timestamp in the segment, or {@link RecordBatch#NO_TIMESTAMP} when empty. */
    long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    long createdMs() {
        return createdMs;
    }

    /** Written since the last fsync was issued. */
    boolean isDirty() {
        return dirty;
    }

    void markClean() {
        dirty = false;
    }

    void markDirty() {
        dirty = true;
    }

    // ---- append ----

    /**
     * Why the log should roll before appending a batch of {@code batchSizeBytes} ending at {@code lastOffset} with
     * max timestamp {@code maxTimestamp}, or null to append here.
     */
    String rollReason(int batchSizeBytes, long maxTimestamp, long lastOffset, long nowMs, LogConfig config) {
        if (sizeBytes == 0) {
            return null; // an empty segment takes any batch that fits a segment at all
        }
        if ((long) sizeBytes + batchSizeBytes > config.segmentBytes()) {
            return "size " + sizeBytes + " + " + batchSizeBytes + " > segmentBytes " + config.segmentBytes();
        }
        long waitedMs = rollingBasedTimestamp != RecordBatch.NO_TIMESTAMP && maxTimestamp != RecordBatch.NO_TIMESTAMP
                ? maxTimestamp - rollingBasedTimestamp : nowMs - createdMs;
        if (waitedMs > config.segmentMs()) {
            return "age " + waitedMs + " ms > segmentMs " + config.segmentMs();
        }
        if (offsetIndex.isFull()) {
            return "offset index full";
        }
        if (lastOffset - baseOffset > Integer.MAX_VALUE) {
            return "offset " + lastOffset + " too far from base " + baseOffset + " for the index";
        }
        return null;
    }

    /** Appends a validated, stamped batch at the end. */
    void append(RecordBatch batch) {
        Invariant.check(batch.baseOffset() == nextOffset, "segment %d: batch at %d does not follow %d", baseOffset,
                batch.baseOffset(), nextOffset);
        int position = sizeBytes;
        int size = batch.sizeInBytes();
        Invariant.check((long) position + size <= Integer.MAX_VALUE, "segment %d would pass 2 GiB", baseOffset);
        disk.write(logFile, position, batch.slice());
        sizeBytes = position + size;
        dirty = true;
        indexBatch(batch.lastOffset(), batch.maxTimestamp(), position);
        nextOffset = batch.nextOffset();
    }

    /**
     * The one indexing rule, shared by append and rebuild so both give the same entries: a batch gets an entry
     * once more than {@code indexIntervalBytes} of batches precede it since the last entry (the first batch never
     * does; lookups default to position 0).
     */
    void indexBatch(long lastOffset, long batchMaxTimestamp, int position) {
        if (rollingBasedTimestamp == RecordBatch.NO_TIMESTAMP && position == 0) {
            rollingBasedTimestamp = batchMaxTimestamp;
        }
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = lastOffset;
        }
        int bytesSinceLastIndexEntry = position - offsetIndex.lastPosition();
        if (bytesSinceLastIndexEntry > indexIntervalBytes && position > 0 && !offsetIndex.isFull()) {
            offsetIndex.append(lastOffset, position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        }
    }

    /** The segment stops being active: index its largest timestamp so a reload finds it without a scan. */
    void onBecomeInactive() {
        if (maxTimestampSoFar != RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            dirty = true;
        }
    }

    // ---- lookup and read ----

    /**
     * Reads the header of the batch at {@code position} into the shared flyweight, checking only that its length
     * is sane and that it fits in the segment.
     *
     * @return the header, or null if no whole header starts there
     * @throws CorruptRecordException if the length is impossible
     */
    RecordBatch readHeader(int position, int maxBatchSizeBytes) {
        if (position + RecordBatch.RECORD_BATCH_OVERHEAD > sizeBytes) {
            return null;
        }
        headerBuffer.clear();
        int n = DiskReads.readFully(disk, logFile, position, headerBuffer);
        if (n < RecordBatch.RECORD_BATCH_OVERHEAD) {
            return null;
        }
        headerBuffer.flip();
        header.wrap(headerBuffer, 0);
        int size = header.batchLength() + RecordBatch.LOG_OVERHEAD;
        if (size < RecordBatch.RECORD_BATCH_OVERHEAD || size > maxBatchSizeBytes) {
            throw new CorruptRecordException(logFile + ": batch at byte " + position + " declares an impossible size "
                    + size);
        }
        if ((long) position + size > sizeBytes) {
            throw new CorruptRecordException(logFile + ": batch at byte " + position + " of " + size
                    + " bytes runs past the segment's end (" + sizeBytes + ")");
        }
        return header;
    }

    /**
     * The position of the first batch whose last offset is at least {@code offset}, or {@code -1} if the segment
     * has none. Seeks with the offset index, then walks headers.
     */
    int translateOffset(long offset, int maxBatchSizeBytes) {
        if (offset >= nextOffset) {
            return -1;
        }
        int slot = hintSlot(offset);
        if (slot >= 0) {
            return hintPositions[slot]; // a read continuing where an earlier one ended
        }
        int position = offsetIndex.lookup(offset);
        for (int i = 0; i < HINTS; i++) { // or walk from a nearer batch start a read ended at (a consumer's lag)
            if (hintOffsets[i] >= 0 && hintOffsets[i] <= offset && hintPositions[i] > position
                    && hintPositions[i] < sizeBytes) {
                position = hintPositions[i];
            }
        }
        while (true) {
            RecordBatch h = readHeader(position, maxBatchSizeBytes);
            if (h == null) {
                throw new CorruptRecordException(logFile + ": no batch holds offset " + offset + " though the segment"
                        + " ends at " + nextOffset);
            }
            if (h.lastOffset() >= offset) {
                return position;
            }
            position += h.sizeInBytes();
        }
    }

    /**
     * Whole batches from the one holding {@code startOffset}: at least one batch (even past {@code maxBytes}, as
     * Kafka does so a large batch can never block a reader), then as many more as fit in {@code maxBytes}, all
     * ending before {@code maxOffsetExclusive}. Each batch returned has been checked: intact (CRC) and contiguous.
     *
     * @return the bytes, or an empty buffer when no batch qualifies
     * @throws CorruptRecordException naming the offset of the first bad batch
     */
    ByteBuffer read(long startOffset, int maxBytes, long maxOffsetExclusive, int maxBatchSizeBytes) {
        int position = translateOffset(startOffset, maxBatchSizeBytes);
        if (position < 0) {
            return ByteBuffer.allocate(0);
        }
        RecordBatch first = readHeader(position, maxBatchSizeBytes);
        if (first.lastOffset() >= maxOffsetExclusive) {
            return ByteBuffer.allocate(0);
        }
        long expectedBase = first.baseOffset();
        int firstSize = first.sizeInBytes();
        int want = Math.max(firstSize, Math.min(maxBytes, sizeBytes - position));
        ByteBuffer bytes = ByteBuffer.allocate(want);
        DiskReads.readFully(disk, logFile, position, bytes);
        bytes.flip();
        RecordBatch batch = new RecordBatch();
        int end = 0;
        while (bytes.limit() - end >= RecordBatch.LOG_OVERHEAD) {
            batch.wrap(bytes, end);
            int size = batch.batchLength() + RecordBatch.LOG_OVERHEAD;
            if (size < RecordBatch.RECORD_BATCH_OVERHEAD || size > bytes.limit() - end) {
                if (end == 0) {
                    throw new CorruptRecordException(logFile + ": batch at offset " + expectedBase
                            + " declares size " + size + " but its header said " + firstSize);
                }
                break; // the next batch did not fit in maxBytes
            }
            if (batch.lastOffset() >= maxOffsetExclusive && end > 0) {
                break;
            }
            if (!batch.isValid() || batch.baseOffset() != expectedBase || batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new CorruptRecordException(logFile + ": batch at offset " + expectedBase + " (byte "
                        + (position + end) + ") is corrupt: CRC, magic or offset check failed");
            }
            expectedBase = batch.nextOffset();
            end += size;
        }
        bytes.limit(end);
        remember(startOffset, expectedBase, position + end);
        return bytes;
    }

    // ---- state changes for SegmentRecovery ----

    /** Reads the batch bytes at {@code position} into {@code dst} (as many as it has room for). */
    void readInto(int position, ByteBuffer dst) {
        DiskReads.readFully(disk, logFile, position, dst);
    }

    void setNextOffset(long offset) {
        nextOffset = offset;
    }

    /** Notes a batch's timestamps without indexing it (a scan over batches the index already covers). */
    void trackTimestamp(long lastOffset, long batchMaxTimestamp, int position) {
        if (position == 0) {
            rollingBasedTimestamp = batchMaxTimestamp;
        }
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = lastOffset;
        }
    }

    /** The time index's last entry may hold a larger timestamp than the batches scanned since the last entry. */
    void mergeTimeIndexMax() {
        if (timeIndex.lastTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = timeIndex.lastTimestamp();
            offsetOfMaxTimestampSoFar = timeIndex.lastOffset();
        }
    }

    /** Rolling by age needs the first batch's timestamp, which a scan from an index entry did not see. */
    void ensureRollingBasedTimestamp(int maxBatchSizeBytes) {
        if (sizeBytes > 0 && rollingBasedTimestamp == RecordBatch.NO_TIMESTAMP) {
            RecordBatch h = readHeader(0, maxBatchSizeBytes);
            if (h != null) {
                rollingBasedTimestamp = h.maxTimestamp();
            }
        }
    }

    boolean isCapped() {
        return capped;
    }

    long diskSizeBytes() {
        return disk.size(logFile);
    }

    void resetState() {
        clearHints();
        nextOffset = baseOffset;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = -1L;
        rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
    }

    private static final int HINTS = 8;

    private static long[] newHints() {
        long[] hints = new long[HINTS];
        Arrays.fill(hints, -1L);
        return hints;
    }

    private int hintSlot(long offset) {
        for (int i = 0; i < HINTS; i++) {
            if (hintOffsets[i] == offset && hintPositions[i] < sizeBytes) {
                return i;
            }
        }
        return -1;
    }

    /** A read from {@code startOffset} ended at the batch of base {@code nextBase}, at byte {@code position}. */
    private void remember(long startOffset, long nextBase, int position) {
        int slot = -1;
        for (int i = 0; i < HINTS && slot < 0; i++) {
            if (hintOffsets[i] == startOffset || hintOffsets[i] == nextBase) {
                slot = i; // the same reader moving on (or another one already there)
            }
        }
        if (slot < 0) {
            slot = nextHintSlot;
            nextHintSlot = (nextHintSlot + 1) % HINTS;
        }
        hintOffsets[slot] = nextBase;
        hintPositions[slot] = position;
    }

    private void clearHints() {
        Arrays.fill(hintOffsets, -1L);
    }

    // ---- truncation ----

    /**
     * Removes every batch whose last offset is at least {@code offset} (a batch is never split), with their index
     * entries. Returns the bytes removed.
     */
    int truncateTo(long offset, int maxBatchSizeBytes) {
        int position = translateOffset(offset, maxBatchSizeBytes);
        if (position < 0) {
            return 0;
        }
        return truncateAtPosition(position, maxBatchSizeBytes);
    }

    /** Cuts the segment at byte {@code position}, which must be a batch boundary, and re-derives its tail state. */
    int truncateAtPosition(int position, int maxBatchSizeBytes) {
        clearHints();
        int removed = sizeBytes - position;
        disk.truncate(logFile, position);
        capped = false;
        sizeBytes = position;
        dirty = true;
        // drop index entries of batches at or past the cut, then recompute the tail from the last entry left
        long cutOffset = Long.MAX_VALUE;
        for (int i = 0; i < offsetIndex.entries(); i++) {
            if (offsetIndex.position(i) >= position) {
                cutOffset = offsetIndex.offset(i);
                break;
            }
        }
        if (cutOffset != Long.MAX_VALUE) {
            offsetIndex.truncateTo(cutOffset);
        }
        resetState();
        SegmentRecovery.ScanFailure tail = SegmentRecovery.scanHeaders(this, offsetIndex.lastPosition(), false,
                maxBatchSizeBytes);
        Invariant.check(tail == null, "segment %d unreadable after truncation: %s", baseOffset, tail);
        timeIndex.truncateTo(nextOffset);
        mergeTimeIndexMax();
        return removed;
    }

    /**
     * Stops the segment at byte {@code position} in memory only, leaving the file alone: the bytes past it are
     * corrupt acknowledged data that must be neither served nor silently destroyed.
     */
    void capAt(int position) {
        clearHints();
        sizeBytes = Math.min(sizeBytes, position);
        capped = true;
    }

    /** Deletes the segment's files (durable once it returns). */
    void delete() {
        for (String f : files()) {
            disk.delete(f);
        }
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", next=" + nextOffset + ", size=" + sizeBytes + ")";
    }
}
