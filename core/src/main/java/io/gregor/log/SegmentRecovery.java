package io.gregor.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a segment back from disk: the full, CRC-checked scan of recovery, the cheap load of a segment below the
 * recovery point, and the check that its indexes agree with a rebuild. The segment's state is changed only
 * through its own methods ({@link LogSegment#indexBatch}, {@link LogSegment#trackTimestamp}, ...), so append and
 * rebuild index batches by one rule.
 */
final class SegmentRecovery {

    /** What the first bad batch of a scan looked like: the offset it should have had and where it starts. */
    record ScanFailure(long expectedOffset, int position, String reason) {
    }

    /** Asked for each intact batch a recovery scan passes; returns why the batch is unacceptable, or null. */
    @FunctionalInterface
    interface BatchCheck {
        String check(RecordBatch batch);
    }

    private SegmentRecovery() {
    }

    /**
     * Scans every batch with full checks (length, magic, CRC, format, contiguity, and {@code check}), rebuilding
     * both indexes. Stops at the first bad batch without truncating: the caller decides whether that is a torn
     * tail to cut or corruption to report.
     *
     * @return null if every byte of the segment is a good batch, otherwise where the first bad one starts
     */
    static ScanFailure recover(LogSegment segment, int maxBatchSizeBytes, BatchCheck check) {
        segment.resetState();
        segment.offsetIndex().reset();
        segment.timeIndex().reset();
        segment.markDirty();
        ByteBuffer scratch = ByteBuffer.allocate(Math.min(maxBatchSizeBytes, 64 * 1024));
        RecordBatch batch = new RecordBatch();
        int position = 0;
        while (position < segment.sizeBytes()) {
            RecordBatch h;
            try {
                h = segment.readHeader(position, maxBatchSizeBytes);
            } catch (CorruptRecordException e) {
                return new ScanFailure(segment.nextOffset(), position, e.getMessage());
            }
            if (h == null) {
                return new ScanFailure(segment.nextOffset(), position, segment.logFile() + ": "
                        + (segment.sizeBytes() - position) + " trailing bytes are not a whole batch header");
            }
            int size = h.sizeInBytes();
            if (scratch.capacity() < size) {
                scratch = ByteBuffer.allocate(size);
            }
            scratch.clear().limit(size);
            segment.readInto(position, scratch);
            scratch.flip();
            batch.wrap(scratch, 0);
            String problem = null;
            try {
                batch.validate();
            } catch (LogException e) {
                problem = e.getMessage();
            }
            if (problem == null && batch.baseOffset() != segment.nextOffset()) {
                problem = "batch at byte " + position + " has base offset " + batch.baseOffset() + ", expected "
                        + segment.nextOffset();
            }
            if (problem == null) {
                problem = check.check(batch);
            }
            if (problem != null) {
                return new ScanFailure(segment.nextOffset(), position, segment.logFile() + ": " + problem);
            }
            segment.indexBatch(batch.lastOffset(), batch.maxTimestamp(), position);
            segment.setNextOffset(batch.nextOffset());
            position += size;
        }
        return null;
    }

    /**
     * Loads a segment wholly below the recovery point without checking CRCs: the indexes from their files if they
     * pass their checks, then the batch headers after the last index entry, which give the segment's end. If an
     * index is missing, empty or fails a check, both are rebuilt from the batch headers. Header lengths and offset
     * contiguity are checked either way.
     *
     * @return null if it loaded, otherwise where the headers stopped making sense
     */
    static ScanFailure load(LogSegment segment, int maxBatchSizeBytes) {
        segment.resetState();
        OffsetIndex offsetIndex = segment.offsetIndex();
        String problem = offsetIndex.load(segment.sizeBytes());
        if (problem == null && offsetIndex.entries() == 0 && segment.sizeBytes() > 0) {
            problem = "empty";
        }
        if (problem == null && offsetIndex.entries() > 0) {
            problem = checkLastOffsetEntry(segment, maxBatchSizeBytes);
        }
        if (problem == null) {
            ScanFailure tail = scanHeaders(segment, offsetIndex.lastPosition(), false, maxBatchSizeBytes);
            if (tail == null) {
                problem = segment.timeIndex().load(segment.nextOffset());
                if (problem == null) {
                    problem = checkLastTimeEntry(segment, maxBatchSizeBytes);
                }
                if (problem == null) {
                    segment.mergeTimeIndexMax();
                    return null;
                }
            }
        }
        offsetIndex.reset();
        segment.timeIndex().reset();
        segment.resetState();
        segment.markDirty();
        return scanHeaders(segment, 0, true, maxBatchSizeBytes);
    }

    private static String checkLastOffsetEntry(LogSegment segment, int maxBatchSizeBytes) {
        OffsetIndex index = segment.offsetIndex();
        int last = index.entries() - 1;
        try {
            RecordBatch h = segment.readHeader(index.position(last), maxBatchSizeBytes);
            if (h == null || h.lastOffset() != index.offset(last)) {
                return "entry " + last + " does not point at the batch ending at " + index.offset(last);
            }
            return null;
        } catch (CorruptRecordException e) {
            return e.getMessage();
        }
    }

    /**
     * The last time index entry gives a loaded segment its largest timestamp, which retention acts on: it must
     * name a batch that really ends at its offset with that max timestamp (a flipped bit could delete data early).
     */
    private static String checkLastTimeEntry(LogSegment segment, int maxBatchSizeBytes) {
        TimeIndex index = segment.timeIndex();
        if (index.entries() == 0) {
            return null;
        }
        long offset = index.lastOffset();
        try {
            int position = segment.translateOffset(offset, maxBatchSizeBytes);
            RecordBatch h = position < 0 ? null : segment.readHeader(position, maxBatchSizeBytes);
            if (h == null || h.lastOffset() != offset || h.maxTimestamp() != index.lastTimestamp()) {
                return "last time index entry (" + index.lastTimestamp() + ", " + offset + ") does not match its batch";
            }
            return null;
        } catch (CorruptRecordException e) {
            return e.getMessage();
        }
    }

    /**
     * Walks batch headers to the end of the segment, checking lengths, magic and offset contiguity. With
     * {@code rebuild} the walk starts at 0 and adds index entries exactly as appends would have; otherwise it
     * starts at {@code position} (the last index entry's batch, or 0) and only tracks timestamps and the end.
     */
    static ScanFailure scanHeaders(LogSegment segment, int position, boolean rebuild, int maxBatchSizeBytes) {
        int p = rebuild ? 0 : position;
        while (p < segment.sizeBytes()) {
            RecordBatch h;
            try {
                h = segment.readHeader(p, maxBatchSizeBytes);
            } catch (CorruptRecordException e) {
                return new ScanFailure(segment.nextOffset(), p, e.getMessage());
            }
            if (h == null) {
                return new ScanFailure(segment.nextOffset(), p, segment.logFile() + ": " + (segment.sizeBytes() - p)
                        + " trailing bytes are not a whole batch header");
            }
            boolean resumesAtIndexEntry = p == position && p > 0 && !rebuild;
            if (resumesAtIndexEntry && h.lastOffset() != segment.offsetIndex().lastOffset()) {
                return new ScanFailure(segment.nextOffset(), p, segment.logFile()
                        + ": the last index entry does not match the batch at byte " + p);
            }
            long expected = resumesAtIndexEntry ? h.baseOffset() : segment.nextOffset();
            if (h.baseOffset() != expected || h.magic() != RecordBatch.MAGIC_VALUE_V2 || h.lastOffsetDelta() < 0) {
                return new ScanFailure(expected, p, segment.logFile() + ": batch header at byte " + p
                        + " has base offset " + h.baseOffset() + " and magic " + h.magic() + ", expected offset "
                        + expected);
            }
            if (rebuild) {
                segment.indexBatch(h.lastOffset(), h.maxTimestamp(), p);
            } else {
                segment.trackTimestamp(h.lastOffset(), h.maxTimestamp(), p);
            }
            segment.setNextOffset(h.nextOffset());
            p += h.sizeInBytes();
        }
        segment.ensureRollingBasedTimestamp(maxBatchSizeBytes);
        return null;
    }

    /**
     * Compares the segment's in-memory indexes and their files with what a fresh rebuild from the batch headers
     * gives, and its max timestamp with a scan's.
     *
     * @return one line per disagreement; empty when they agree
     */
    static List<String> indexProblems(LogSegment segment, LogConfig config) {
        List<String> problems = new ArrayList<>();
        OffsetIndex index = segment.offsetIndex();
        List<Long> offsets = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int p = 0;
        while (p < segment.sizeBytes()) {
            RecordBatch h = segment.readHeader(p, config.segmentBytes());
            maxTimestamp = Math.max(maxTimestamp, h.maxTimestamp());
            int last = positions.isEmpty() ? 0 : positions.get(positions.size() - 1);
            if (p - last > config.indexIntervalBytes() && p > 0 && offsets.size() < config.maxIndexEntries()) {
                offsets.add(h.lastOffset());
                positions.add(p);
            }
            p += h.sizeInBytes();
        }
        if (!segment.isCapped() && segment.diskSizeBytes() != segment.sizeBytes()) {
            problems.add(segment.logFile() + ": size on disk " + segment.diskSizeBytes() + " != " + segment.sizeBytes());
        }
        if (offsets.size() != index.entries()) {
            problems.add(index.file() + ": " + index.entries() + " entries, a rebuild gives " + offsets.size());
        } else {
            for (int i = 0; i < index.entries(); i++) {
                if (offsets.get(i) != index.offset(i) || positions.get(i) != index.position(i)) {
                    problems.add(index.file() + ": entry " + i + " is (" + index.offset(i) + ", " + index.position(i)
                            + "), a rebuild gives (" + offsets.get(i) + ", " + positions.get(i) + ")");
                }
            }
        }
        long onDisk = index.fileSizeBytes();
        if (onDisk != (long) index.entries() * OffsetIndex.ENTRY_SIZE_BYTES) {
            problems.add(index.file() + ": file is " + onDisk + " bytes for " + index.entries() + " entries");
        }
        if (maxTimestamp != segment.maxTimestampSoFar()) {
            problems.add(segment.logFile() + ": max timestamp " + segment.maxTimestampSoFar() + ", a scan gives "
                    + maxTimestamp);
        }
        return problems;
    }
}
