package io.gregor.log;

import io.gregor.common.Invariant;
import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import io.gregor.env.Trace;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One partition's log (Kafka's {@code UnifiedLog} + {@code LocalLog}, without compaction, tiering or transactions):
 * an ordered list of {@link LogSegment}s under a directory prefix of a {@link Disk}, with offsets that are
 * contiguous from {@link #logStartOffset()} to {@link #logEndOffset()}, batches in format v2, a
 * {@link LeaderEpochCache}, and the idempotent producers' state ({@link ProducerStateManager}: checked on
 * {@link #tryAppendAsLeader}, replayed from every append, snapshotted at rolls and flushes, rebuilt at open and
 * after truncation).
 *
 * <h2>Durability</h2>
 * Appends go to the page cache. {@link #flush(FlushCallback)} asks the disk to fsync every segment written since
 * the last flush; when those complete (in order with earlier flushes) the {@link #recoveryPoint()} moves up to
 * the log end offset as of the flush, and the caller is told. Everything below the recovery point is durable; a
 * crash may lose or tear anything above it, which {@link #open recovery} then truncates by CRC.
 *
 * <h2>Errors</h2>
 * Bad input is refused with a {@link LogException} naming the problem and nothing is written. Storage trouble
 * moves the log out of {@link LogHealth#HEALTHY} (see {@link LogHealth}); it then refuses what it cannot serve.
 *
 * <p>Single-threaded, like every node: call it from the node's event loop only.
 */
public final class Log {

    /** How much a producer-state replay reads at a time. */
    private static final int REPLAY_READ_BYTES = 256 * 1024;

    /** The outcome of a {@link #flush(FlushCallback)}. */
    @FunctionalInterface
    public interface FlushCallback {
        /**
         * @param durableOffset the recovery point after this flush: every offset below it is durable
         * @param error null on success; otherwise the log has failed and {@code durableOffset} is what was durable
         */
        void flushed(long durableOffset, LogStorageException error);
    }

    private final Disk disk;
    private final String dir;
    private final LogConfig config;
    private final Clock clock;
    private final Trace trace;
    private final Mutations mutations;
    private final LogCheckpoints checkpoints;
    private final TreeMap<Long, LogSegment> segments;
    private final LeaderEpochCache epochCache;
    private final ProducerStateManager producerState;
    private final FlushQueue flushes = new FlushQueue();
    private final RecordBatch batch = new RecordBatch();

    private long logStartOffset;
    private long logEndOffset;
    private long recoveryPoint;
    private LogHealth health;
    private LogLoader.Corruption corruption;

    private Log(Disk disk, String dir, LogConfig config, Clock clock, Trace trace, Mutations mutations,
            LogCheckpoints checkpoints,
            LogLoader.Result loaded) {
        this.disk = disk;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.trace = trace;
        this.mutations = mutations;
        this.checkpoints = checkpoints;
        this.segments = loaded.segments();
        this.epochCache = loaded.epochCache();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.health = loaded.health();
        this.corruption = loaded.corruption();
        this.producerState = new ProducerStateManager(disk, dir, trace, config.producerIdExpirationMs(),
                loaded.logStartOffset());
    }

    /**
     * Opens the log in {@code dir} (a file name prefix: {@code dir + "/00000000000000000000.log"}), creating it if
     * empty and recovering it after a crash (see {@link LogLoader}). Writes fresh checkpoints in the background:
     * deliver the disk's completions afterwards as usual.
     *
     * @throws LogStorageException if the disk fails while recovering
     */
    public static Log open(Disk disk, String dir, LogConfig config, Clock clock, Trace trace) {
        return open(disk, dir, config, clock, trace, Mutations.none());
    }

    /** {@link #open(Disk, String, LogConfig, Clock, Trace)} with bug switches on (for the simulator only). */
    public static Log open(Disk disk, String dir, LogConfig config, Clock clock, Trace trace, Mutations mutations) {
        if (dir.isEmpty() || dir.endsWith("/")) {
            throw new IllegalArgumentException("log directory must be a non-empty name without a trailing slash: '"
                    + dir + "'");
        }
        LogCheckpoints checkpoints = new LogCheckpoints(disk, dir);
        LogLoader.Result loaded;
        try {
            loaded = new LogLoader(disk, dir, config, trace, clock.wallMillis()).load(checkpoints);
        } catch (DiskException e) {
            throw new LogStorageException("log " + dir + " could not be recovered: " + e.getMessage(), e);
        }
        Log log = new Log(disk, dir, config, clock, trace, mutations, checkpoints, loaded);
        try {
            log.producerState.load(log.logStartOffset, log.logEndOffset, log.recoveryPoint, clock.wallMillis(),
                    log::replayBatches);
        } catch (DiskException e) {
            throw new LogStorageException("log " + dir + " could not load its producer state: " + e.getMessage(), e);
        }
        log.requestCheckpoint();
        return log;
    }

    // ---- state ----

    public String dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** The first offset still in the log. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record will get; for a corrupt log, the end of what can be served. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Every offset below this is durable (fsynced). */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    public LogHealth health() {
        return health;
    }

    public OptionalInt latestEpoch() {
        return epochCache.latestEpoch();
    }

    /** The leader epoch cache's entries, oldest first. */
    public List<EpochEntry> epochEntries() {
        return epochCache.entries();
    }

    /** OffsetsForLeaderEpoch (KIP-101/279): see {@link LeaderEpochCache#endOffsetFor}. */
    public OffsetAndEpoch endOffsetForEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, logEndOffset);
    }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    /** Bytes of all segments. */
    public long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.sizeBytes();
        }
        return size;
    }

    // ---- append ----

    /**
     * The leader path: assigns offsets from the log end offset and stamps {@code leaderEpoch} into every batch of
     * {@code records} (one or more batches, modified in place unless read-only), then appends them.
     *
     * @throws InvalidRecordException if {@code leaderEpoch} is older than the log's latest epoch, or a batch is bad
     * @throws ProducerSequenceException if an idempotent producer's batch is a duplicate or breaks a KIP-98 rule
     *     (nothing is appended; {@link #tryAppendAsLeader} returns that outcome instead of throwing)
     */
    public LogAppendInfo appendAsLeader(ByteBuffer records, int leaderEpoch) {
        LeaderAppendResult result = tryAppendAsLeader(records, leaderEpoch);
        if (result.error() != AppendError.NONE) {
            throw new ProducerSequenceException(result);
        }
        return result.appendInfo();
    }

    /**
     * The leader path with the idempotent-producer checks (KIP-98, see {@link ProducerSequenceCheck}): like
     * {@link #appendAsLeader}, but a batch with a producer id is first checked against that producer's state. A
     * retry of one of its last five batches appends nothing and answers
     * {@link AppendError#DUPLICATE_SEQUENCE_NUMBER} with the original offsets; a fenced epoch or a sequence gap
     * appends nothing and answers the error. Batches without a producer id are appended as always. A request with
     * a producer's batch must hold exactly that one batch (what a Kafka producer sends per partition).
     *
     * @throws InvalidRecordException if {@code leaderEpoch} is older than the log's latest epoch, or a batch is bad
     */
    public LeaderAppendResult tryAppendAsLeader(ByteBuffer records, int leaderEpoch) {
        if (leaderEpoch < 0) {
            throw new InvalidRecordException("leader epoch must not be negative: " + leaderEpoch);
        }
        OptionalInt latest = epochCache.latestEpoch();
        if (latest.isPresent() && latest.getAsInt() > leaderEpoch) {
            throw new InvalidRecordException("leader epoch " + leaderEpoch + " is older than the log's latest epoch "
                    + latest.getAsInt());
        }
        ensureWritable();
        int count = LogValidator.validateBatches(records, true, logEndOffset, latest.orElse(-1), config, batch);
        LeaderAppendResult refused = producerState.checkLeaderAppend(records, count, batch, clock.wallMillis());
        if (refused != null) {
            return refused;
        }
        ByteBuffer writable = records;
        if (records.isReadOnly()) {
            writable = ByteBuffer.allocate(records.remaining());
            writable.put(records.duplicate()).flip();
        }
        return LeaderAppendResult.appended(appendValidated(writable, count, true, leaderEpoch));
    }

    /**
     * The follower path: appends batches exactly as the leader wrote them. The first must start at the log end
     * offset, the rest must follow it, and their leader epochs must not go back.
     *
     * @throws UnexpectedAppendOffsetException if the batches do not continue the log
     */
    public LogAppendInfo appendAsFollower(ByteBuffer records) {
        ensureWritable();
        int count = LogValidator.validateBatches(records, false, logEndOffset, epochCache.latestEpoch().orElse(-1),
                config, batch);
        return appendValidated(records, count, false, -1);
    }

    /** Appends {@code count} batches that passed {@link LogValidator#validateBatches}, replaying each into the state. */
    private LogAppendInfo appendValidated(ByteBuffer records, int count, boolean assignOffsets, int leaderEpoch) {
        long nowMs = clock.wallMillis();
        long firstOffset = logEndOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long logAppendTime = RecordBatch.NO_TIMESTAMP;
        int bytes = 0;
        int position = records.position();
        for (int i = 0; i < count; i++) {
            batch.wrap(records, position);
            if (i == 0 && !assignOffsets) {
                firstOffset = batch.baseOffset();
            }
            if (assignOffsets) {
                batch.setBaseOffset(logEndOffset);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
                    logAppendTime = nowMs;
                }
            }
            int size = batch.sizeInBytes();
            try {
                maybeRoll(size, batch.maxTimestamp(), batch.lastOffset(), nowMs);
                producerState.beforeAppend(batch);
                segments.lastEntry().getValue().append(batch);
            } catch (DiskException e) {
                throw fail("append at offset " + logEndOffset + " failed", e);
            }
            producerState.apply(batch);
            if (epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset())) {
                trace.event("log", dir + " epoch " + batch.partitionLeaderEpoch() + " starts at " + batch.baseOffset());
            }
            logEndOffset = batch.nextOffset();
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            bytes += size;
            position += size;
        }
        return new LogAppendInfo(firstOffset, logEndOffset - 1, maxTimestamp, count, bytes, logAppendTime);
    }

    private void maybeRoll(int batchSizeBytes, long maxTimestamp, long lastOffset, long nowMs) {
        LogSegment active = segments.lastEntry().getValue();
        String reason = active.rollReason(batchSizeBytes, maxTimestamp, lastOffset, nowMs, config);
        if (reason != null) {
            roll(nowMs, reason);
        }
    }

    /** Starts a new active segment at the log end offset (unless the active one is empty). */
    public void roll() {
        ensureWritable();
        try {
            roll(clock.wallMillis(), "requested");
        } catch (DiskException e) {
            throw fail("roll at offset " + logEndOffset + " failed", e);
        }
    }

    private void roll(long nowMs, String reason) {
        LogSegment active = segments.lastEntry().getValue();
        if (active.sizeBytes() == 0) {
            return;
        }
        active.onBecomeInactive();
        segments.put(logEndOffset, LogSegment.create(disk, dir, logEndOffset, config, nowMs));
        trace.event("log", dir + " rolled segment " + logEndOffset + ": " + reason);
        producerState.onRoll();
    }

    // ---- read ----

    /** {@link #read(long, int, long)} with no upper bound. */
    public MemoryRecords read(long fromOffset, int maxBytes) {
        return read(fromOffset, maxBytes, Long.MAX_VALUE);
    }

    /**
     * Whole batches starting with the one holding {@code fromOffset}: always at least one batch if there is one
     * (even larger than {@code maxBytes}), then more while they fit in {@code maxBytes}, all from one segment and
     * all ending before {@code maxOffsetExclusive} (a high watermark, for consumers). Every batch returned passed
     * its CRC check just now.
     *
     * @throws OffsetOutOfRangeException if {@code fromOffset} is outside {@code [logStartOffset, logEndOffset]}
     * @throws LogStorageException if that range cannot be served (corrupt or failed log)
     */
    public MemoryRecords read(long fromOffset, int maxBytes, long maxOffsetExclusive) {
        return read(fromOffset, maxBytes, maxOffsetExclusive, false);
    }

    /**
     * {@link #read(long, int, long)} for an observer outside the broker (the simulator's checks): the same records,
     * but a failure it meets (corrupt bytes, a disk error) leaves the log's health as it was, so that looking
     * changes nothing the broker does; it is thrown as a {@link LogStorageException}.
     */
    public MemoryRecords inspect(long fromOffset, int maxBytes, long maxOffsetExclusive) {
        return read(fromOffset, maxBytes, maxOffsetExclusive, true);
    }

    /**
     * {@link #inspect} for a check walking the batches that start below {@code endOffset}: those that end below it,
     * and, when the batch holding {@code fromOffset} reaches past it, that batch (with what follows it; the walk
     * stops there). Stopping at {@code endOffset} lets the next walk, from there, start where this read ended.
     */
    public MemoryRecords inspectBelow(long fromOffset, int maxBytes, long endOffset) {
        MemoryRecords records = inspect(fromOffset, maxBytes, endOffset);
        return records.sizeInBytes() > 0 ? records : inspect(fromOffset, maxBytes, Long.MAX_VALUE);
    }

    private MemoryRecords read(long fromOffset, int maxBytes, long maxOffsetExclusive, boolean inspect) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        if (health.state() == LogHealth.State.FAILED) {
            throw new LogStorageException("log " + dir + " has failed: " + health.reason());
        }
        if (health.state() == LogHealth.State.CORRUPT && fromOffset >= health.fromOffset()) {
            throw new LogStorageException("log " + dir + " cannot serve offset " + fromOffset + ": " + health.reason());
        }
        if (fromOffset < logStartOffset || fromOffset > logEndOffset) {
            throw new OffsetOutOfRangeException("offset " + fromOffset + " is outside log " + dir + " range ["
                    + logStartOffset + ", " + logEndOffset + "]");
        }
        if (fromOffset == logEndOffset || fromOffset >= maxOffsetExclusive) {
            return MemoryRecords.EMPTY;
        }
        long bound = health.state() == LogHealth.State.CORRUPT ? Math.min(maxOffsetExclusive, health.fromOffset())
                : maxOffsetExclusive;
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fromOffset);
        try {
            while (entry != null) {
                ByteBuffer bytes = entry.getValue().read(fromOffset, maxBytes, bound, config.segmentBytes());
                if (bytes.hasRemaining() || entry.getValue().nextOffset() > fromOffset) {
                    MemoryRecords records = MemoryRecords.readableRecords(bytes);
                    checkEpochs(records);
                    return records;
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return MemoryRecords.EMPTY;
        } catch (CorruptRecordException e) {
            if (inspect) {
                throw new LogStorageException("log " + dir + " cannot serve offset " + fromOffset + ": "
                        + e.getMessage());
            }
            if (health.isHealthy()) {
                health = LogHealth.corrupt(fromOffset, e.getMessage());
                trace.event("log", dir + " corrupt data found by a read at offset " + fromOffset + ": " + e.getMessage());
            }
            throw new LogStorageException("log " + dir + " cannot serve offset " + fromOffset + ": " + e.getMessage());
        } catch (DiskException e) {
            if (inspect) {
                throw new LogStorageException("log " + dir + ": read at offset " + fromOffset + " failed: "
                        + e.getMessage());
            }
            throw fail("read at offset " + fromOffset + " failed", e);
        }
    }

    /**
     * Every batch read must carry the epoch the cache says covers its offset: the CRC does not cover the epoch
     * field, and a follower truncating by epoch (KIP-101) must never be misled by a flipped bit.
     */
    private void checkEpochs(MemoryRecords records) {
        for (RecordBatch b : records.batches()) {
            OptionalInt expected = epochCache.epochForOffset(b.baseOffset());
            if (expected.isPresent() && expected.getAsInt() != b.partitionLeaderEpoch()) {
                throw new CorruptRecordException("batch at offset " + b.baseOffset() + " carries leader epoch "
                        + b.partitionLeaderEpoch() + " but the log's epoch cache says " + expected.getAsInt());
            }
        }
    }

    // ---- flush ----

    /**
     * Makes everything appended so far durable. {@code done} runs on a later disk completion, never before this
     * returns, once this flush and every earlier one have completed.
     *
     * @throws LogStorageException if the log has failed
     */
    public void flush(FlushCallback done) {
        if (health.state() == LogHealth.State.FAILED) {
            throw new LogStorageException("log " + dir + " has failed: " + health.reason());
        }
        List<String> files = new ArrayList<>();
        try {
            files.addAll(producerState.onFlush());
        } catch (DiskException e) {
            throw fail("producer snapshot at " + logEndOffset + " failed", e);
        }
        LogSegment active = segments.lastEntry().getValue();
        for (LogSegment s : segments.values()) {
            if (s.isDirty() || s == active) {
                files.addAll(s.files());
                s.markClean();
            }
        }
        FlushQueue.PendingFlush flush = flushes.add(logEndOffset, done, files.size());
        if (mutations.on(Mutation.RECOVERY_POINT_ON_SUBMIT) && logEndOffset > recoveryPoint) {
            // Mutation.RECOVERY_POINT_ON_SUBMIT: the durable point moves before the fsyncs complete
            recoveryPoint = logEndOffset;
            requestCheckpoint();
        }
        for (String file : files) {
            disk.fsync(file, error -> onFsync(flush, file, error));
        }
    }

    private void onFsync(FlushQueue.PendingFlush flush, String file, DiskException error) {
        // an error for a file deleted since (retention, truncation) no longer matters
        flush.fsyncDone(error != null && disk.exists(file) ? error : null);
        boolean advanced = false;
        for (FlushQueue.PendingFlush done = flushes.pollCompleted(); done != null; done = flushes.pollCompleted()) {
            if (done.error() != null) {
                LogStorageException failure = fail("fsync of " + dir + " failed", done.error());
                done.callback().flushed(recoveryPoint, failure);
                return;
            }
            if (health.state() == LogHealth.State.FAILED) {
                done.callback().flushed(recoveryPoint, new LogStorageException("log " + dir + " has failed: "
                        + health.reason()));
                continue;
            }
            long target = Math.min(done.targetOffset(), logEndOffset);
            if (target > recoveryPoint) {
                recoveryPoint = target;
                advanced = true;
            }
            done.callback().flushed(recoveryPoint, null);
        }
        if (advanced) {
            requestCheckpoint();
        }
    }

    private void requestCheckpoint() {
        if (health.state() == LogHealth.State.FAILED) {
            return;
        }
        checkpoints.request(() -> new LogCheckpoints.Snapshot(recoveryPoint, logStartOffset, epochCache.entries()),
                error -> fail("checkpoint of " + dir + " failed", error));
    }

    // ---- truncation ----

    /**
     * Removes every batch holding an offset at or after {@code offset} (a batch is never split, so the log may end
     * a little below {@code offset}), with later segments and epoch-cache entries. Below the log start it empties
     * the log and starts it at {@code offset}. Truncating a {@link LogHealth.State#CORRUPT} log to at or below the
     * corrupt offset discards the corrupt range and makes the log healthy again.
     *
     * @return whether anything was removed
     */
    public boolean truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot truncate to a negative offset: " + offset);
        }
        ensureNotFailed();
        if (offset < logStartOffset) {
            truncateFullyAndStartAt(offset);
            return true;
        }
        boolean healing = health.state() == LogHealth.State.CORRUPT && offset <= health.fromOffset();
        if (offset >= logEndOffset && !healing) {
            return false;
        }
        checkpoints.invalidate(offset < recoveryPoint);
        try {
            if (healing) {
                discardCorruptRange();
            }
            while (segments.size() > 1 && segments.lastKey() > offset) {
                segments.pollLastEntry().getValue().delete();
            }
            LogSegment active = segments.lastEntry().getValue();
            active.truncateTo(offset, config.segmentBytes());
        } catch (DiskException e) {
            throw fail("truncation to " + offset + " failed", e);
        }
        long before = logEndOffset;
        logEndOffset = segments.lastEntry().getValue().nextOffset();
        afterTruncation();
        try {
            producerState.truncateAndReload(logStartOffset, logEndOffset, this::replayBatches);
        } catch (DiskException e) {
            throw fail("producer state rebuild at " + logEndOffset + " failed", e);
        }
        trace.event("log", dir + " truncated to " + logEndOffset + " (asked " + offset + ", was " + before + ")");
        return true;
    }

    /**
     * Forgets every idempotent producer's state in memory. Only the {@code repl-producer-state-lost} bug switch calls
     * it, on a replica that becomes leader: Kafka's new leader has the state its log implies, so a producer's retry of
     * a batch the old leader appended is recognised as a duplicate.
     */
    public void forgetProducerState() {
        producerState.forgetAll();
    }

    /** Deletes every segment and starts an empty log at {@code offset} (a follower too far behind the leader). */
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot start a log at a negative offset: " + offset);
        }
        ensureNotFailed();
        checkpoints.invalidate(true);
        try {
            if (health.state() == LogHealth.State.CORRUPT) {
                discardCorruptRange();
            }
            for (LogSegment s : segments.values()) {
                s.delete();
            }
            producerState.truncateFullyAndStartAt(offset);
            segments.clear();
            segments.put(offset, LogSegment.create(disk, dir, offset, config, clock.wallMillis()));
        } catch (DiskException e) {
            throw fail("truncateFullyAndStartAt " + offset + " failed", e);
        }
        logStartOffset = offset;
        logEndOffset = offset;
        recoveryPoint = offset;
        epochCache.clear();
        afterTruncation();
        trace.event("log", dir + " truncated fully and restarted at " + offset);
    }

    private void afterTruncation() {
        recoveryPoint = Math.min(recoveryPoint, logEndOffset);
        flushes.clampTargets(logEndOffset);
        epochCache.truncateFromEnd(logEndOffset);
        requestCheckpoint();
    }

    /**
     * The caller chose to truncate at or below the corrupt offset: physically removes what recovery kept aside
     * (the corrupt segment's bytes past the cap and the quarantined segments) and clears the corrupt state.
     */
    private void discardCorruptRange() {
        if (corruption != null) {
            LogSegment holder = segments.get(corruption.segmentBase());
            if (holder != null) {
                holder.truncateAtPosition(holder.sizeBytes(), config.segmentBytes());
            }
            for (long base : corruption.quarantined()) {
                LogSegment.open(disk, dir, base, config, clock.wallMillis()).delete();
            }
            corruption = null;
        }
        trace.event("log", dir + " discarded the corrupt range from offset " + health.fromOffset());
        health = LogHealth.HEALTHY;
    }

    // ---- retention ----

    /** {@link #deleteOldSegments(long)} bounded by the recovery point only. */
    public int deleteOldSegments() {
        return deleteOldSegments(Long.MAX_VALUE);
    }

    /**
     * Retention: deletes the oldest segments while the log is larger than {@code retentionBytes} or their newest
     * timestamp is older than {@code retentionMs}, moving the log start offset up. Never the active segment, and
     * only segments wholly below both the recovery point (durable) and {@code maxOffset} (the high watermark: data
     * a follower may still need is kept).
     *
     * @return how many segments were deleted
     */
    public int deleteOldSegments(long maxOffset) {
        ensureWritable();
        List<LogRetention.Deletion> deletions = LogRetention.deletable(new ArrayList<>(segments.values()), config,
                clock.wallMillis(), Math.min(recoveryPoint, maxOffset), sizeInBytes());
        int deleted = 0;
        for (LogRetention.Deletion d : deletions) {
            try {
                d.segment().delete();
            } catch (DiskException e) {
                throw fail("retention delete of segment " + d.segment().baseOffset() + " failed", e);
            }
            segments.remove(d.segment().baseOffset());
            deleted++;
            trace.event("log", dir + " retention deleted segment " + d.segment().baseOffset() + " (" + d.reason() + ")");
        }
        if (deleted > 0) {
            logStartOffset = segments.firstKey();
            Invariant.check(logStartOffset <= recoveryPoint, "log start %d passed the recovery point %d",
                    logStartOffset, recoveryPoint);
            epochCache.truncateFromStart(logStartOffset);
            try {
                producerState.onLogStartOffsetIncremented(logStartOffset);
            } catch (DiskException e) {
                throw fail("producer snapshot cleanup at log start " + logStartOffset + " failed", e);
            }
            requestCheckpoint();
        }
        return deleted;
    }

    // ---- idempotent producers ----

    /** The state of {@code producerId} on this partition, if it has any. */
    public Optional<ProducerStateEntry> producerState(long producerId) {
        return producerState.entry(producerId);
    }

    /** Every producer with state on this partition, ascending by id. */
    public NavigableMap<Long, ProducerStateEntry> activeProducers() {
        return producerState.producers();
    }

    /** Offsets of the producer-state snapshot files on disk, ascending. */
    public List<Long> producerSnapshotOffsets() {
        return producerState.snapshotOffsets();
    }

    /**
     * Forgets every producer that has written nothing for {@link LogConfig#producerIdExpirationMs()} by the log's
     * clock (Kafka runs this every {@code producer.id.expiration.check.interval.ms}; the caller's timer decides
     * here). A leader append also forgets its own producer first if that one has expired.
     *
     * @return how many producers were forgotten
     */
    public int removeExpiredProducers() {
        return producerState.removeExpiredProducers(clock.wallMillis());
    }

    /**
     * Hands every batch from {@code fromOffset} to the log end to {@code apply}, for a producer-state rebuild; stops
     * early (returning where) at data the log cannot serve, which leaves it {@link LogHealth.State#CORRUPT} there.
     */
    private long replayBatches(long fromOffset, Consumer<RecordBatch> apply) {
        long next = fromOffset;
        while (next < logEndOffset) {
            MemoryRecords records;
            try {
                records = read(next, REPLAY_READ_BYTES);
            } catch (LogStorageException e) {
                if (health.state() == LogHealth.State.FAILED) {
                    throw e;
                }
                trace.event("log", dir + " producer state replay stopped at " + next + ": " + e.getMessage());
                return next;
            }
            for (RecordBatch b : records.batches()) {
                apply.accept(b);
                next = b.nextOffset();
            }
        }
        return next;
    }

    // ---- checks ----

    /**
     * Compares every segment's indexes with a rebuild from its batch headers (for tests and the simulator's
     * checkers). Empty when they agree.
     *
     * @throws LogStorageException if the disk fails a read
     */
    public List<String> checkIndexes() {
        List<String> problems = new ArrayList<>();
        try {
            for (LogSegment s : segments.values()) {
                problems.addAll(SegmentRecovery.indexProblems(s, config));
            }
        } catch (DiskException e) {
            throw new LogStorageException("log " + dir + ": index check could not read: " + e.getMessage(), e);
        }
        return problems;
    }

    private void ensureNotFailed() {
        if (health.state() == LogHealth.State.FAILED) {
            throw new LogStorageException("log " + dir + " has failed: " + health.reason());
        }
    }

    private void ensureWritable() {
        ensureNotFailed();
        if (health.state() == LogHealth.State.CORRUPT) {
            throw new LogStorageException("log " + dir + " is corrupt from offset " + health.fromOffset()
                    + " and takes no appends until truncated below it: " + health.reason());
        }
    }

    /** Moves the log to FAILED, fails every pending flush, and returns the exception to throw. */
    private LogStorageException fail(String what, DiskException cause) {
        LogStorageException failure = new LogStorageException("log " + dir + ": " + what + ": " + cause.getMessage(),
                cause);
        if (health.state() != LogHealth.State.FAILED) {
            health = LogHealth.failed(what + ": " + cause.getMessage());
            trace.event("log", dir + " failed: " + health.reason());
            for (FlushQueue.PendingFlush f : flushes.removeAll()) {
                f.callback().flushed(recoveryPoint, failure);
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return "Log(" + dir + ", start=" + logStartOffset + ", end=" + logEndOffset + ", recoveryPoint=" + recoveryPoint
                + ", segments=" + segments.size() + ", " + health.state() + ")";
    }
}
