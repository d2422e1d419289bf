package io.gregor.raft;

import io.gregor.common.Invariant;
import io.gregor.env.Trace;
import io.gregor.log.Log;
import io.gregor.log.MemoryRecords;
import io.gregor.log.Record;
import io.gregor.log.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hands committed records to the {@link StateMachine} — each once per node lifetime, in offset order — and, every
 * {@link RaftConfig#snapshotIntervalRecords} offsets, snapshots it (KIP-630) and trims the log below the oldest
 * kept snapshot. A restored snapshot moves the applied offset to its end: the records below it are never delivered.
 */
final class CommitApplier {

    private final int selfId;
    private final RaftConfig config;
    private final Trace trace;
    private final Log log;
    private final StateMachine stateMachine;
    private final SnapshotStore snapshots;
    private long appliedOffset;
    private int appliedEpoch;
    private long lastSnapshotEndOffset;

    CommitApplier(int selfId, RaftConfig config, Trace trace, Log log, StateMachine stateMachine,
            SnapshotStore snapshots) {
        this.selfId = selfId;
        this.config = config;
        this.trace = trace;
        this.log = log;
        this.stateMachine = stateMachine;
        this.snapshots = snapshots;
        this.appliedOffset = log.logStartOffset();
    }

    /** Every offset below this was delivered (or restored from a snapshot). */
    long appliedOffset() {
        return appliedOffset;
    }

    /** The state machine takes the snapshot's state; everything below its end offset counts as applied. */
    void restore(RaftSnapshot s) {
        stateMachine.restore(s.endOffset(), s.state());
        appliedOffset = s.endOffset();
        appliedEpoch = s.epoch();
        lastSnapshotEndOffset = s.endOffset();
        trace.event("raft", "restored snapshot " + s.endOffset() + "-" + s.epoch());
    }

    /** Delivers every record below {@code highWatermark} not yet delivered, then snapshots if one is due. */
    void applyUpTo(long highWatermark) {
        while (appliedOffset < highWatermark) {
            MemoryRecords records = log.read(appliedOffset, config.maxFetchBytes(), highWatermark);
            if (records.sizeInBytes() == 0) {
                break;
            }
            for (RecordBatch batch : records.batches()) {
                if (batch.isControlBatch()) {
                    stateMachine.onLeaderChange(batch.baseOffset(), batch.partitionLeaderEpoch(), leaderOf(batch));
                } else {
                    for (Record r : batch.records()) {
                        stateMachine.onCommit(r.offset(), bytes(r.value()));
                    }
                }
                appliedOffset = batch.nextOffset();
                appliedEpoch = batch.partitionLeaderEpoch();
            }
        }
        maybeSnapshot(highWatermark);
    }

    /** Every {@link RaftConfig#snapshotIntervalRecords} applied offsets, snapshot the state at the applied offset. */
    private void maybeSnapshot(long highWatermark) {
        int interval = config.snapshotIntervalRecords();
        if (interval == 0 || snapshots.writing() || appliedOffset - lastSnapshotEndOffset < interval) {
            return;
        }
        byte[] state = stateMachine.snapshot();
        if (state == null) {
            return; // this state machine does not snapshot
        }
        // KIP-630: a snapshot holds committed records only (applied ≤ high watermark)
        Invariant.check(appliedOffset <= highWatermark, "n%d snapshots at %d past the high watermark %d", selfId,
                appliedOffset, highWatermark);
        lastSnapshotEndOffset = appliedOffset;
        snapshots.write(new RaftSnapshot(appliedOffset, appliedEpoch, state), this::trimLog);
    }

    /**
     * Deletes segments below the oldest kept snapshot (per the log's retention, as Kafka's metadata log does), so
     * that a bad newest snapshot still has an older one and the log after it to fall back on.
     */
    private void trimLog() {
        long bound = Math.min(snapshots.trimBoundOffset(), appliedOffset);
        if (bound > log.logStartOffset() && log.health().isHealthy()) {
            log.deleteOldSegments(bound);
        }
    }

    private static int leaderOf(RecordBatch batch) {
        String text = new String(bytes(batch.recordList().get(0).value()), StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring(text.lastIndexOf('=') + 1));
    }

    private static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return new byte[0];
        }
        ByteBuffer dup = value.duplicate();
        byte[] out = new byte[dup.remaining()];
        dup.get(out);
        return out;
    }
}
