package io.gregor.log;

import io.gregor.env.Disk;
import io.gregor.env.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Opens a partition log from whatever a crash left on disk (Kafka's {@code LogLoader}).
 *
 * <ol>
 *   <li>Find the segments ({@code <20-digit base>.log}); delete index files without a log file and checkpoint
 *       temp files of interrupted writes.</li>
 *   <li>Read the recovery point and the leader-epoch checkpoint. Without a trustworthy recovery point, or without
 *       the epoch file, nothing is trusted: every segment is scanned.</li>
 *   <li>Segments wholly below the segment holding the recovery point are loaded cheaply: indexes from their files
 *       when they pass their checks, headers checked for length and contiguity, no CRCs.</li>
 *   <li>From the segment holding the recovery point on, every batch is checked (length, magic, CRC, format,
 *       contiguity, leader epoch never decreasing), the indexes are rebuilt, and the epoch cache is rebuilt from
 *       the batches' own partition leader epochs.</li>
 *   <li>The first bad batch at or above the recovery point is a torn or unsynced tail: the log is truncated there
 *       and later segments are deleted. A bad batch <b>below</b> the recovery point is acknowledged data gone bad:
 *       the log opens {@link LogHealth.State#CORRUPT} from that offset, and nothing is deleted.</li>
 * </ol>
 */
final class LogLoader {

    /** Everything {@link Log} needs to start. */
    record Result(TreeMap<Long, LogSegment> segments, long logStartOffset, long logEndOffset, long recoveryPoint,
            LeaderEpochCache epochCache, LogHealth health, Corruption corruption) {
    }

    /**
     * Where a corrupt range begins: in segment {@code segmentBase} at byte {@code position}; later segments'
     * files ({@code quarantined}) are kept but not served until the log is truncated below {@code offset}.
     */
    record Corruption(long offset, long segmentBase, int position, List<Long> quarantined) {
    }

    private final Disk disk;
    private final String dir;
    private final LogConfig config;
    private final Trace trace;
    private final long nowMs;
    private final int maxBatchSizeBytes;

    LogLoader(Disk disk, String dir, LogConfig config, Trace trace, long nowMs) {
        this.disk = disk;
        this.dir = dir;
        this.config = config;
        this.trace = trace;
        this.nowMs = nowMs;
        // a batch already on disk may predate a smaller limit: accept anything a segment can hold
        this.maxBatchSizeBytes = config.segmentBytes();
    }

    Result load(LogCheckpoints checkpoints) {
        TreeSet<Long> bases = findSegments();
        LogCheckpoints.Loaded loaded = checkpoints.load();
        for (String problem : loaded.problems()) {
            trace.event("log", dir + " checkpoint ignored: " + problem);
        }
        LeaderEpochCache epochs = new LeaderEpochCache();
        TreeMap<Long, LogSegment> segments = new TreeMap<>();
        if (bases.isEmpty()) {
            long start = Math.max(0L, loaded.logStartOffset());
            segments.put(start, LogSegment.create(disk, dir, start, config, nowMs));
            return new Result(segments, start, start, start, epochs, LogHealth.HEALTHY, null);
        }
        long recoveryPoint = loaded.recoveryPoint();
        boolean trustCheckpoints = recoveryPoint >= 0 && loaded.epochs() != null;
        long scanFrom = bases.first();
        if (trustCheckpoints && bases.floor(recoveryPoint) != null) {
            scanFrom = bases.floor(recoveryPoint);
        }
        LeaderEpochCache checkpointed = new LeaderEpochCache();
        if (trustCheckpoints) {
            for (EpochEntry e : loaded.epochs()) {
                checkpointed.assign(e.epoch(), e.startOffset());
                if (e.startOffset() < scanFrom) {
                    epochs.assign(e.epoch(), e.startOffset());
                }
            }
        }
        long durableEnd = trustCheckpoints ? recoveryPoint : -1L;

        Corruption corruption = null;
        String corruptionReason = null;
        long expectedBase = bases.first();
        List<Long> ordered = new ArrayList<>(bases);
        for (int i = 0; i < ordered.size(); i++) {
            long base = ordered.get(i);
            if (corruption != null) {
                corruption.quarantined().add(base);
                continue;
            }
            LogSegment segment = LogSegment.open(disk, dir, base, config, nowMs);
            if (base != expectedBase) {
                String reason = "segment " + base + " does not start where the previous one ends (" + expectedBase + ")";
                if (expectedBase < recoveryPoint) {
                    corruption = new Corruption(expectedBase, segments.lastKey(), segments.lastEntry().getValue()
                            .sizeBytes(), new ArrayList<>(List.of(base)));
                    corruptionReason = reason;
                    continue;
                }
                deleteFrom(ordered, i, reason);
                break;
            }
            SegmentRecovery.ScanFailure failure;
            if (base < scanFrom) {
                failure = SegmentRecovery.load(segment, maxBatchSizeBytes);
            } else {
                failure = SegmentRecovery.recover(segment, maxBatchSizeBytes, batch -> checkEpoch(batch, epochs, checkpointed, durableEnd));
            }
            segments.put(base, segment);
            if (failure == null) {
                expectedBase = segment.nextOffset();
                continue;
            }
            if (base < scanFrom || failure.expectedOffset() < recoveryPoint) {
                corruption = new Corruption(failure.expectedOffset(), base, failure.position(), new ArrayList<>());
                corruptionReason = failure.reason();
                segment.capAt(failure.position());
                continue;
            }
            int removed = segment.truncateAtPosition(failure.position(), maxBatchSizeBytes);
            trace.event("log", dir + " recovery truncated " + removed + " bytes at offset " + failure.expectedOffset()
                    + ": " + failure.reason());
            deleteFrom(ordered, i + 1, "after the truncation point");
            expectedBase = segment.nextOffset();
            break;
        }

        long logStart = segments.firstKey();
        long logEnd = corruption != null ? corruption.offset() : segments.lastEntry().getValue().nextOffset();
        LogHealth health = LogHealth.HEALTHY;
        if (corruption != null) {
            health = LogHealth.corrupt(corruption.offset(), "corrupt data below the recovery point " + recoveryPoint
                    + " at offset " + corruption.offset() + ": " + corruptionReason);
        } else if (recoveryPoint > logEnd) {
            corruption = new Corruption(logEnd, segments.lastKey(), segments.lastEntry().getValue().sizeBytes(),
                    new ArrayList<>());
            health = LogHealth.corrupt(logEnd, "the log ends at " + logEnd + " but offsets up to recovery point "
                    + recoveryPoint + " were durable");
        }
        if (!health.isHealthy()) {
            trace.event("log", dir + " " + health.reason());
        }
        long durable = recoveryPoint >= 0 ? Math.min(recoveryPoint, logEnd) : logStart;
        epochs.truncateFromEnd(logEnd);
        epochs.truncateFromStart(logStart);
        trace.event("log", dir + " opened: start " + logStart + " end " + logEnd + " recovery point " + durable
                + " segments " + segments.size());
        return new Result(segments, logStart, logEnd, Math.max(durable, logStart), epochs, health, corruption);
    }

    /**
     * A recovered batch must carry a leader epoch, never older than the one before it; below the recovery point
     * it must also be the epoch the checkpoint says (the CRC does not cover the epoch field, so this is the only
     * check that catches a flipped bit there).
     */
    private static String checkEpoch(RecordBatch batch, LeaderEpochCache epochs, LeaderEpochCache checkpointed,
            long durableEnd) {
        int epoch = batch.partitionLeaderEpoch();
        if (epoch < 0) {
            return "batch at offset " + batch.baseOffset() + " has no partition leader epoch";
        }
        if (epochs.latestEpoch().isPresent() && epochs.latestEpoch().getAsInt() > epoch) {
            return "batch at offset " + batch.baseOffset() + " has leader epoch " + epoch + ", older than "
                    + epochs.latestEpoch().getAsInt();
        }
        if (batch.baseOffset() < durableEnd) {
            OptionalInt expected = checkpointed.epochForOffset(batch.baseOffset());
            if (expected.isPresent() && expected.getAsInt() != epoch) {
                return "batch at offset " + batch.baseOffset() + " has leader epoch " + epoch
                        + " but the epoch checkpoint says " + expected.getAsInt();
            }
        }
        epochs.assign(epoch, batch.baseOffset());
        return null;
    }

    private TreeSet<Long> findSegments() {
        String prefix = dir + "/";
        TreeSet<Long> logs = new TreeSet<>();
        List<String> indexFiles = new ArrayList<>();
        for (String name : disk.list()) {
            if (!name.startsWith(prefix) || name.indexOf('/', prefix.length()) >= 0) {
                continue;
            }
            String file = name.substring(prefix.length());
            Long base = baseOf(file, ".log");
            if (base != null) {
                logs.add(base);
            } else if (baseOf(file, ".index") != null || baseOf(file, ".timeindex") != null) {
                indexFiles.add(file);
            }
        }
        for (String file : indexFiles) {
            Long base = file.endsWith(".index") ? baseOf(file, ".index") : baseOf(file, ".timeindex");
            if (!logs.contains(base)) {
                disk.delete(prefix + file); // an index without its segment: a delete the crash interrupted
            }
        }
        return logs;
    }

    /** The base offset if {@code file} is {@code <20 digits><suffix>}, else null. */
    static Long baseOf(String file, String suffix) {
        if (!file.endsWith(suffix) || file.length() != 20 + suffix.length()) {
            return null;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(file.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(file.substring(0, 20));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void deleteFrom(List<Long> ordered, int from, String why) {
        for (int j = from; j < ordered.size(); j++) {
            long base = ordered.get(j);
            LogSegment.open(disk, dir, base, config, nowMs).delete();
            trace.event("log", dir + " recovery deleted segment " + base + " " + why);
        }
    }
}
