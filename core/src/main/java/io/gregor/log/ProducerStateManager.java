package io.gregor.log;

import io.gregor.common.Invariant;
import io.gregor.env.Disk;
import io.gregor.env.Trace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The idempotent producers of one partition log (Kafka's {@code ProducerStateManager}, KIP-98, without
 * transactions): for each producer id, its epoch and its last five batches ({@link ProducerStateEntry}), as of
 * {@link #mapEndOffset()}, which follows the log end offset.
 *
 * <h2>Two ways in</h2>
 * <ul>
 *   <li>The leader {@link #checkLeaderAppend checks} a batch before appending it: duplicate, fenced epoch, or
 *       out-of-order sequence ({@link ProducerSequenceCheck} holds the rules).</li>
 *   <li>Every appended batch, on the leader after its check, on a follower, and on replay at open or after a
 *       truncation, is {@link #apply applied} without checks: the leader that wrote it already checked it, and the
 *       log is the truth.</li>
 * </ul>
 *
 * <h2>Snapshots and rebuilds</h2>
 * State is rebuilt from the newest usable {@link ProducerSnapshotFile} plus a replay of the log after it. Snapshots
 * are written when a segment rolls and at a flush after producer state changed and the log grew by
 * {@link #FLUSH_SNAPSHOT_INTERVAL_OFFSETS} since the newest; they become durable with the log's next flush. A
 * snapshot at offset S describes the log below S, so:
 * <ul>
 *   <li>truncating below S deletes it (at once: a delete is durable when it returns);</li>
 *   <li>at open, only a snapshot at or below the recovery point is trusted: above it, the data the snapshot
 *       describes was not durable, and a crash may have brought back older data there (truncation is not durable
 *       until a flush) — Kafka deletes snapshots above the recovery point checkpoint for the same reason;</li>
 *   <li>a snapshot whose CRC or structure is bad is ignored and deleted, never half-believed.</li>
 * </ul>
 *
 * <h2>The marker rule</h2>
 * Logs that never see a producer id (the metadata log) must not pay for this: no snapshot file, no replay. So a
 * log with no snapshot file is assumed to hold no producer batch, and the manager keeps that true: before the
 * first producer batch is written when no snapshot file exists, it writes one (its creation is durable at once,
 * even if a crash then loses its content, and a corrupt snapshot still says "replay from the log start").
 *
 * <h2>Leaving</h2>
 * A producer leaves the state when it has written nothing for {@code producerIdExpirationMs} (by its newest batch's
 * timestamp against the log's clock), or when retention deletes all of its cached batches.
 */
final class ProducerStateManager {

    /** Reads the log's batches from an offset on, handing each to {@code apply}; returns the offset it reached. */
    @FunctionalInterface
    interface LogReplay {
        long replay(long fromOffset, java.util.function.Consumer<RecordBatch> apply);
    }

    /**
     * A flush snapshots the state only once the log has grown this much past the newest snapshot: a rebuild (a
     * restart, a truncation) replays at most about this many offsets, and a log flushed after every append
     * ({@code flush.messages=1}) does not write, fsync and delete a snapshot file each time. Kafka itself snapshots
     * only at a segment roll and at a clean shutdown.
     */
    static final long FLUSH_SNAPSHOT_INTERVAL_OFFSETS = 1000;

    private final Disk disk;
    private final String dir;
    private final Trace trace;
    private final long producerIdExpirationMs;
    private final TreeMap<Long, ProducerStateEntry> producers = new TreeMap<>();
    /** Offsets of the snapshot files on disk. */
    private final TreeSet<Long> snapshots = new TreeSet<>();
    /** Snapshot files written since the last flush took them. */
    private final List<String> unflushedSnapshots = new ArrayList<>();
    private long mapEndOffset;
    /** The state changed since the newest snapshot was written. */
    private boolean changedSinceSnapshot;
    /** The snapshot a flush wrote last: superseded by the next flush's, unless a roll needs it. */
    private long flushSnapshotOffset = -1L;

    ProducerStateManager(Disk disk, String dir, Trace trace, long producerIdExpirationMs, long mapEndOffset) {
        this.disk = disk;
        this.dir = dir;
        this.trace = trace;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.mapEndOffset = mapEndOffset;
    }

    // ---- state ----

    /** The offset the state is up to date with: every batch below it has been applied. */
    long mapEndOffset() {
        return mapEndOffset;
    }

    Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** Every producer, ascending by id (a copy). */
    NavigableMap<Long, ProducerStateEntry> producers() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(producers));
    }

    /** Offsets of the snapshot files, ascending (a copy). */
    List<Long> snapshotOffsets() {
        return new ArrayList<>(snapshots);
    }

    // ---- the leader's check and every append ----

    /**
     * The KIP-98 check of a leader append of {@code count} validated batches at the start of {@code records}:
     * {@code null} when they may be appended (no producer id, or the producer's next batch), otherwise the outcome
     * to answer with, appending nothing (a duplicate carries the original offsets). A producer that has expired
     * at {@code nowMs} is forgotten first.
     *
     * @param batch a flyweight to reuse
     * @throws InvalidRecordException if a batch's producer fields break {@link LogValidator#validateProducerFields}
     */
    LeaderAppendResult checkLeaderAppend(ByteBuffer records, int count, RecordBatch batch, long nowMs) {
        int position = records.position();
        for (int i = 0; i < count; i++) {
            batch.wrap(records, position);
            LogValidator.validateProducerFields(batch, count);
            position += batch.sizeInBytes();
        }
        batch.wrap(records, records.position());
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return null;
        }
        ProducerStateEntry entry = producers.get(batch.producerId());
        if (entry != null && isExpired(entry, nowMs)) {
            expire(entry, nowMs);
            entry = null;
        }
        ProducerSequenceCheck.Verdict verdict = ProducerSequenceCheck.check(entry, batch);
        if (verdict.error() == AppendError.NONE) {
            return null;
        }
        if (verdict.error() == AppendError.DUPLICATE_SEQUENCE_NUMBER) {
            BatchMetadata original = verdict.duplicate();
            long appendTimeMs = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? original.timestamp()
                    : RecordBatch.NO_TIMESTAMP;
            return new LeaderAppendResult(verdict.error(), new LogAppendInfo(original.firstOffset(),
                    original.lastOffset(), original.timestamp(), 0, 0, appendTimeMs), verdict.message());
        }
        return new LeaderAppendResult(verdict.error(), null, verdict.message());
    }

    /**
     * Called before {@code batch} is written: if it carries a producer id and no snapshot file exists yet, writes
     * one now (the marker rule).
     *
     * @return the snapshot file written, or null
     */
    String beforeAppend(RecordBatch batch) {
        if (!tracks(batch) || !snapshots.isEmpty()) {
            return null;
        }
        return writeSnapshot("first producer batch");
    }

    /** Applies an appended batch (no checks) and moves the map end past it. */
    void apply(RecordBatch batch) {
        Invariant.check(batch.baseOffset() == mapEndOffset, "producer state at %d given a batch at %d", mapEndOffset,
                batch.baseOffset());
        if (tracks(batch)) {
            long id = batch.producerId();
            BatchMetadata metadata = BatchMetadata.of(batch);
            ProducerStateEntry entry = producers.get(id);
            producers.put(id, entry == null ? ProducerStateEntry.first(id, batch.producerEpoch(), metadata)
                    : entry.withBatch(batch.producerEpoch(), metadata));
            changedSinceSnapshot = true;
        }
        mapEndOffset = batch.nextOffset();
    }

    /**
     * Whether the batch is an idempotent producer's data batch. Control batches (transaction markers) and batches
     * without a sequence carry no producer sequence to track.
     */
    static boolean tracks(RecordBatch batch) {
        return batch.producerId() != RecordBatch.NO_PRODUCER_ID && batch.producerEpoch() >= 0
                && batch.baseSequence() >= 0 && !batch.isControlBatch();
    }

    // ---- expiry and retention ----

    private boolean isExpired(ProducerStateEntry entry, long nowMs) {
        return nowMs - entry.lastTimestamp() >= producerIdExpirationMs;
    }

    private void expire(ProducerStateEntry entry, long nowMs) {
        producers.remove(entry.producerId());
        changedSinceSnapshot = true;
        trace.event("log", dir + " producer " + entry.producerId() + " expired: idle since " + entry.lastTimestamp()
                + ", now " + nowMs);
    }

    /** Drops every producer idle for {@code producerIdExpirationMs} at {@code nowMs}; returns how many. */
    int removeExpiredProducers(long nowMs) {
        int removed = 0;
        for (ProducerStateEntry e : new ArrayList<>(producers.values())) {
            if (isExpired(e, nowMs)) {
                expire(e, nowMs);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Retention moved the log start: forgets the batches below it (and producers left with none), and deletes
     * snapshots below it, which can no longer be replayed from (the newest file stays, as the marker).
     */
    void onLogStartOffsetIncremented(long logStartOffset) {
        trimBelow(logStartOffset);
        for (long offset : new ArrayList<>(snapshots.headSet(logStartOffset, false))) {
            if (offset != snapshots.last()) {
                deleteSnapshot(offset);
            }
        }
    }

    private void trimBelow(long logStartOffset) {
        Iterator<Map.Entry<Long, ProducerStateEntry>> it = producers.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, ProducerStateEntry> e = it.next();
            Optional<ProducerStateEntry> kept = e.getValue().withoutBatchesBelow(logStartOffset);
            if (kept.isEmpty()) {
                it.remove();
                changedSinceSnapshot = true;
            } else if (kept.get() != e.getValue()) {
                e.setValue(kept.get());
                changedSinceSnapshot = true;
            }
        }
    }

    // ---- snapshots ----

    /** A segment rolled (the map end is the new segment's base): snapshot there if this log tracks producers. */
    void onRoll() {
        if (!snapshots.isEmpty() && !snapshots.contains(mapEndOffset)) {
            writeSnapshot("segment roll");
        }
        flushSnapshotOffset = -1L; // a snapshot at a segment base is kept until retention passes it
    }

    /**
     * A flush is starting: snapshots the state if it changed since the newest snapshot and the log has grown by at
     * least {@link #FLUSH_SNAPSHOT_INTERVAL_OFFSETS} since (superseding the previous flush's snapshot), and hands over
     * every snapshot file written since the last flush, for it to fsync.
     */
    List<String> onFlush() {
        if (changedSinceSnapshot && !snapshots.isEmpty()
                && mapEndOffset - snapshots.last() >= FLUSH_SNAPSHOT_INTERVAL_OFFSETS) {
            long previous = flushSnapshotOffset;
            writeSnapshot("flush");
            if (previous >= 0 && previous < mapEndOffset && snapshots.contains(previous)) {
                deleteSnapshot(previous);
            }
            flushSnapshotOffset = mapEndOffset;
        }
        List<String> files = new ArrayList<>(unflushedSnapshots);
        unflushedSnapshots.clear();
        return files;
    }

    private String writeSnapshot(String reason) {
        String file = ProducerSnapshotFile.write(disk, dir, mapEndOffset, producers.values());
        snapshots.add(mapEndOffset);
        unflushedSnapshots.add(file);
        changedSinceSnapshot = false;
        trace.event("log", dir + " producer snapshot " + mapEndOffset + " written (" + reason + "): "
                + producers.size() + " producers");
        return file;
    }

    private void deleteSnapshot(long offset) {
        String file = ProducerSnapshotFile.name(dir, offset);
        disk.delete(file);
        snapshots.remove(offset);
        unflushedSnapshots.remove(file);
        if (offset == flushSnapshotOffset) {
            flushSnapshotOffset = -1L;
        }
    }

    // ---- rebuilds ----

    /**
     * Opens the state of a freshly loaded log: the newest valid snapshot in {@code [logStartOffset,
     * min(recoveryPoint, logEndOffset)]}, then a replay of the log after it, then retention and expiry. Deletes
     * snapshots it must not trust; if the log tracks producers, snapshots the rebuilt state at once.
     */
    void load(long logStartOffset, long logEndOffset, long recoveryPoint, long nowMs, LogReplay log) {
        snapshots.addAll(ProducerSnapshotFile.list(disk, dir));
        boolean inUse = !snapshots.isEmpty();
        List<Long> corrupt = new ArrayList<>();
        long loadedAt = reload(logStartOffset, Math.min(recoveryPoint, logEndOffset), logEndOffset, inUse, corrupt,
                log);
        trimBelow(logStartOffset);
        removeExpiredProducers(nowMs);
        if (inUse) {
            trace.event("log", dir + " producer state loaded" + (loadedAt < 0 ? " by replaying from the log start "
                    + logStartOffset : " from snapshot " + loadedAt) + " up to " + mapEndOffset + ": "
                    + producers.size() + " producers");
            if (loadedAt != mapEndOffset || changedSinceSnapshot) {
                writeSnapshot("open"); // before the deletes below: a snapshot file exists at every moment
            }
        }
        for (long offset : new ArrayList<>(snapshots)) {
            boolean untrusted = offset > recoveryPoint || offset > logEndOffset || offset < logStartOffset
                    || corrupt.contains(offset);
            if (untrusted && offset != mapEndOffset) {
                deleteSnapshot(offset);
            }
        }
    }

    /**
     * The log was truncated to {@code logEndOffset}: deletes snapshots above it and rebuilds the state there from
     * the newest snapshot at or below it (or the log start). Snapshots taken while running describe the current
     * data below them (a truncation below one deletes it), so they are trusted up to the new end.
     */
    void truncateAndReload(long logStartOffset, long logEndOffset, LogReplay log) {
        for (long offset : new ArrayList<>(snapshots.tailSet(logEndOffset, false))) {
            deleteSnapshot(offset);
        }
        if (logEndOffset == mapEndOffset) {
            return;
        }
        boolean inUse = !snapshots.isEmpty() || !producers.isEmpty();
        List<Long> corrupt = new ArrayList<>();
        long loadedAt = reload(logStartOffset, logEndOffset, logEndOffset, inUse, corrupt, log);
        trimBelow(logStartOffset);
        trace.event("log", dir + " producer state rebuilt at " + mapEndOffset + (loadedAt < 0 ? " from the log start"
                : " from snapshot " + loadedAt) + ": " + producers.size() + " producers");
        if (inUse && snapshots.size() == corrupt.size()) {
            writeSnapshot("truncation"); // before the deletes below: a snapshot file exists at every moment
        }
        for (long offset : corrupt) {
            if (offset != mapEndOffset) {
                deleteSnapshot(offset);
            }
        }
    }

    /** Forgets every producer's state in memory (a bug switch's doing; snapshots and the log still hold it). */
    void forgetAll() {
        producers.clear();
        changedSinceSnapshot = true;
    }

    /** The log restarted empty at {@code offset}: no producer, no snapshot. */
    void truncateFullyAndStartAt(long offset) {
        for (long s : new ArrayList<>(snapshots)) {
            deleteSnapshot(s);
        }
        producers.clear();
        mapEndOffset = offset;
        changedSinceSnapshot = false;
    }

    /**
     * Clears the state, loads the newest valid snapshot in {@code [logStartOffset, maxSnapshotOffset]} and, if the
     * log tracks producers ({@code inUse}), replays the log after it; with no snapshot file at all the log holds no
     * producer batch (the marker rule), so nothing is read. Corrupt snapshots met on the way are added to
     * {@code corrupt} for the caller to delete (after it has written a good one, if it must).
     *
     * @return the snapshot offset loaded, or -1 for a replay from the log start (or none)
     */
    private long reload(long logStartOffset, long maxSnapshotOffset, long logEndOffset, boolean inUse,
            List<Long> corrupt, LogReplay log) {
        producers.clear();
        long loadedAt = -1L;
        for (long offset : snapshots.descendingSet()) {
            if (offset > maxSnapshotOffset || offset < logStartOffset) {
                continue;
            }
            ProducerSnapshotFile.Content content = ProducerSnapshotFile.read(disk, dir, offset);
            if (content.isValid()) {
                producers.putAll(content.producers());
                loadedAt = offset;
                break;
            }
            trace.event("log", dir + " producer snapshot " + offset + " ignored: " + content.problem());
            corrupt.add(offset);
        }
        mapEndOffset = loadedAt >= 0 ? loadedAt : logStartOffset;
        changedSinceSnapshot = false;
        if (!inUse) {
            mapEndOffset = logEndOffset; // no producer batch below it: nothing to read
        } else {
            long reached = log.replay(mapEndOffset, this::apply);
            Invariant.check(reached == mapEndOffset, "producer replay reached %d but applied up to %d", reached,
                    mapEndOffset);
        }
        return loadedAt;
    }
}
