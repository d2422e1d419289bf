package io.gregor.log;

import static io.gregor.log.TestBatches.batch;
import static io.gregor.log.TestBatches.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.env.testing.DiskHarness;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KIP-98 on the partition log, one rule per story: duplicates answered with the original offsets, the five-batch
 * window, epochs, wraparound, followers replaying without checks, and the state surviving restarts, truncation,
 * retention and expiry. Written once over a {@link DiskHarness} (fault-free) so each disk backend can run it.
 */
public abstract class ProducerStateScenarioTest {

    protected static final String DIR = "topic-0";
    protected static final LogConfig CONFIG = LogConfig.DEFAULT.withSegmentBytes(4096).withRetentionMs(-1);
    private static final long PID = 1000L;
    private static final short EPOCH = 0;

    protected DiskHarness harness;
    protected ManualClock clock;
    protected TestBatches.ListTrace trace;

    /** A fresh, fault-free backend. */
    protected abstract DiskHarness newHarness();

    @BeforeEach
    void setUpHarness() {
        harness = newHarness();
        clock = new ManualClock(1_700_000_000_000L);
        trace = new TestBatches.ListTrace();
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private Log open(LogConfig config) {
        Log log = Log.open(harness.disk(), DIR, config, clock, trace);
        harness.runUntilIdle();
        return log;
    }

    private LeaderAppendResult send(Log log, long pid, short epoch, int firstSequence, int records) {
        return log.tryAppendAsLeader(producerBatch(clock.wallMillis(), pid, epoch, firstSequence, records), 0);
    }

    private void flush(Log log) {
        log.flush((offset, error) -> assertThat(error).isNull());
        harness.runUntilIdle();
    }

    // ---- the leader's rules ----

    @Test
    void aRetryOfEachOfTheLastFiveBatchesIsADuplicateAnsweredWithItsOriginalOffsets() {
        Log log = open(CONFIG);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 5, 0), 0); // a plain batch first, so offsets differ from seqs
        List<LogAppendInfo> originals = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LeaderAppendResult r = send(log, PID, EPOCH, i * 3, 3);
            assertThat(r.error()).isEqualTo(AppendError.NONE);
            originals.add(r.appendInfo());
        }
        long end = log.logEndOffset();
        for (int i = 2; i < 7; i++) {
            LeaderAppendResult retry = send(log, PID, EPOCH, i * 3, 3);
            assertThat(retry.error()).as("retry of batch %d", i).isEqualTo(AppendError.DUPLICATE_SEQUENCE_NUMBER);
            assertThat(retry.isInLog()).isTrue();
            assertThat(retry.appendInfo().firstOffset()).isEqualTo(originals.get(i).firstOffset());
            assertThat(retry.appendInfo().lastOffset()).isEqualTo(originals.get(i).lastOffset());
            assertThat(retry.appendInfo().sizeInBytes()).isZero();
            assertThat(retry.message()).contains("already appended at offsets " + originals.get(i).firstOffset());
        }
        assertThat(log.logEndOffset()).as("no duplicate was appended").isEqualTo(end);
    }

    @Test
    void aRetryOfTheSixthNewestBatchIsOutOfOrder() {
        Log log = open(CONFIG);
        for (int seq = 0; seq < 6; seq++) {
            assertThat(send(log, PID, EPOCH, seq, 1).error()).isEqualTo(AppendError.NONE);
        }
        LeaderAppendResult oldest = send(log, PID, EPOCH, 0, 1);
        assertThat(oldest.error()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(oldest.appendInfo()).isNull();
        assertThat(send(log, PID, EPOCH, 1, 1).error()).isEqualTo(AppendError.DUPLICATE_SEQUENCE_NUMBER);
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void aGapInTheSequenceIsOutOfOrderAndAppendsNothing() {
        Log log = open(CONFIG);
        send(log, PID, EPOCH, 0, 2);
        LeaderAppendResult gap = send(log, PID, EPOCH, 3, 1);
        assertThat(gap.error()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(gap.message()).contains("sent sequence 3").contains("expected 2");
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(send(log, PID, EPOCH, 2, 1).error()).isEqualTo(AppendError.NONE);
        // a batch overlapping the last one without repeating it exactly is no duplicate either
        assertThat(send(log, PID, EPOCH, 1, 2).error()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequence() {
        Log log = open(CONFIG);
        assertThat(send(log, PID, (short) 4, 977, 2).error()).isEqualTo(AppendError.NONE);
        assertThat(log.producerState(PID)).hasValueSatisfying(e -> {
            assertThat(e.producerEpoch()).isEqualTo((short) 4);
            assertThat(e.lastSequence()).isEqualTo(978);
        });
    }

    @Test
    void aNewEpochStartsAtSequenceZeroAndForgetsTheOldEpochsBatches() {
        Log log = open(CONFIG);
        send(log, PID, EPOCH, 0, 1);
        send(log, PID, EPOCH, 1, 1);
        LeaderAppendResult notZero = send(log, PID, (short) 1, 2, 1);
        assertThat(notZero.error()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(notZero.message()).contains("must start at sequence 0");
        assertThat(send(log, PID, (short) 1, 0, 1).error()).isEqualTo(AppendError.NONE);
        assertThat(log.producerState(PID).orElseThrow().batches()).hasSize(1);
        // the old epoch's batch 0 is gone: sequence 0 of epoch 1 is the duplicate now
        assertThat(send(log, PID, (short) 1, 0, 1).appendInfo().firstOffset()).isEqualTo(2);
    }

    @Test
    void anOlderEpochIsFencedEvenForABatchThatWasAppended() {
        Log log = open(CONFIG);
        send(log, PID, (short) 3, 0, 1);
        send(log, PID, (short) 4, 0, 1);
        LeaderAppendResult zombie = send(log, PID, (short) 3, 1, 1);
        assertThat(zombie.error()).isEqualTo(AppendError.INVALID_PRODUCER_EPOCH);
        assertThat(zombie.error().code()).isEqualTo((short) 47);
        assertThat(zombie.message()).contains("epoch 3 is older than the partition's current epoch 4");
        assertThat(send(log, PID, (short) 3, 0, 1).error()).isEqualTo(AppendError.INVALID_PRODUCER_EPOCH);
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void sequencesWrapAroundFromIntMaxToZero() {
        Log log = open(CONFIG);
        int nearMax = Integer.MAX_VALUE - 1;
        assertThat(send(log, PID, EPOCH, nearMax, 3).error()).isEqualTo(AppendError.NONE); // MAX-1, MAX, 0
        assertThat(log.producerState(PID).orElseThrow().lastSequence()).isZero();
        assertThat(send(log, PID, EPOCH, nearMax, 3).error()).as("the wrapped batch repeated")
                .isEqualTo(AppendError.DUPLICATE_SEQUENCE_NUMBER);
        assertThat(send(log, PID, EPOCH, 1, 1).error()).isEqualTo(AppendError.NONE);
        assertThat(send(log, 2000L, EPOCH, Integer.MAX_VALUE, 1).error()).isEqualTo(AppendError.NONE);
        assertThat(send(log, 2000L, EPOCH, 0, 1).error()).as("MAX is followed by 0").isEqualTo(AppendError.NONE);
        assertThat(send(log, 2000L, EPOCH, 2, 1).error()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void appendAsLeaderThrowsWhatTryAppendReturns() {
        Log log = open(CONFIG);
        log.appendAsLeader(producerBatch(clock.wallMillis(), PID, EPOCH, 0, 2), 0);
        assertThatThrownBy(() -> log.appendAsLeader(producerBatch(clock.wallMillis(), PID, EPOCH, 0, 2), 0))
                .isInstanceOfSatisfying(ProducerSequenceException.class, e -> {
                    assertThat(e.error()).isEqualTo(AppendError.DUPLICATE_SEQUENCE_NUMBER);
                    assertThat(e.result().appendInfo().firstOffset()).isZero();
                })
                .hasMessageStartingWith("DUPLICATE_SEQUENCE_NUMBER: producer 1000");
    }

    @Test
    void badProducerFieldsAreRefusedWithOneLine() {
        Log log = open(CONFIG);
        ByteBuffer two = MemoryRecords.of(producerBatch(1L, PID, EPOCH, 0, 1), producerBatch(1L, PID, EPOCH, 1, 1))
                .buffer();
        assertThatThrownBy(() -> log.tryAppendAsLeader(two, 0)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("a request with producer 1000's batch must hold exactly one batch, not 2");
        ByteBuffer noSequence = new RecordBatchBuilder().producer(PID, EPOCH, -1).append(1L, "k", "v").build();
        assertThatThrownBy(() -> log.tryAppendAsLeader(noSequence, 0)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("first sequence -1");
        ByteBuffer transactional = new RecordBatchBuilder().producer(PID, EPOCH, 0).transactional(true)
                .append(1L, "k", "v").build();
        assertThatThrownBy(() -> log.tryAppendAsLeader(transactional, 0)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not transactions");
        assertThat(log.logEndOffset()).isZero();
    }

    // ---- followers and restarts ----

    @Test
    void aFollowerReplaysWithoutChecks() {
        Log log = open(CONFIG);
        ByteBuffer b = producerBatch(clock.wallMillis(), PID, EPOCH, 40, 2);
        RecordBatch.of(b).setPartitionLeaderEpoch(0);
        log.appendAsFollower(b);
        ByteBuffer older = producerBatch(clock.wallMillis(), PID, EPOCH, 7, 1);
        RecordBatch.of(older).setBaseOffset(2);
        RecordBatch.of(older).setPartitionLeaderEpoch(0);
        log.appendAsFollower(older); // out of order, but the leader wrote it: the log is the truth
        assertThat(log.producerState(PID).orElseThrow().batches()).extracting(BatchMetadata::firstSequence)
                .containsExactly(40, 7);
    }

    @Test
    void theStateSurvivesACrashThroughASnapshotAndAReplay() {
        Log log = open(CONFIG);
        for (int seq = 0; seq < 4; seq++) {
            send(log, PID, EPOCH, seq, 1);
        }
        log.roll();
        assertThat(log.producerSnapshotOffsets()).contains(4L);
        send(log, PID, EPOCH, 4, 1);
        send(log, 2000L, EPOCH, 0, 1);
        flush(log);
        var before = log.activeProducers();
        harness.crash();
        Log reopened = open(CONFIG);
        assertThat(reopened.activeProducers()).isEqualTo(before);
        assertThat(trace.lines).anyMatch(l -> l.contains("producer state loaded from snapshot"));
        for (int seq = 0; seq < 5; seq++) {
            assertThat(send(reopened, PID, EPOCH, seq, 1).appendInfo().firstOffset()).isEqualTo(seq);
        }
        assertThat(send(reopened, PID, EPOCH, 5, 1).error()).isEqualTo(AppendError.NONE);
    }

    @Test
    void aFlushSnapshotsOnlyAfterTheIntervalAndARestartReplaysTheRest() {
        Log log = open(LogConfig.DEFAULT.withRetentionMs(-1));
        int records = 100;
        long interval = ProducerStateManager.FLUSH_SNAPSHOT_INTERVAL_OFFSETS;
        assertThat(send(log, PID, EPOCH, 0, records).error()).isEqualTo(AppendError.NONE);
        int seq = records;
        flush(log);
        List<Long> first = log.producerSnapshotOffsets();
        assertThat(first).as("the marker written before the first producer batch").containsExactly(0L);
        while (log.logEndOffset() + records < interval) {
            assertThat(send(log, PID, EPOCH, seq, records).error()).isEqualTo(AppendError.NONE);
            seq += records;
            flush(log);
            assertThat(log.producerSnapshotOffsets()).as("no flush snapshot before the interval").isEqualTo(first);
        }
        send(log, PID, EPOCH, seq, records);
        seq += records;
        flush(log);
        long snapshotAt = log.logEndOffset();
        assertThat(log.producerSnapshotOffsets()).contains(snapshotAt);
        send(log, 2000L, EPOCH, 0, 3);
        send(log, PID, EPOCH, seq, records);
        flush(log);
        var before = log.activeProducers();
        harness.crash();
        Log reopened = open(LogConfig.DEFAULT.withRetentionMs(-1));
        assertThat(trace.lines).anyMatch(l -> l.contains("producer state loaded from snapshot " + snapshotAt));
        assertThat(reopened.activeProducers()).isEqualTo(before);
        assertThat(send(reopened, 2000L, EPOCH, 0, 3).appendInfo().firstOffset()).as("a duplicate of the replayed tail")
                .isEqualTo(snapshotAt);
    }

    @Test
    void aCorruptSnapshotIsIgnoredDeletedAndTheStateRebuiltFromTheLog() {
        Log log = open(CONFIG);
        for (int seq = 0; seq < 3; seq++) {
            send(log, PID, EPOCH, seq, 2);
        }
        log.roll();
        send(log, PID, EPOCH, 3, 2);
        flush(log);
        var before = log.activeProducers();
        List<Long> snapshots = log.producerSnapshotOffsets();
        assertThat(snapshots).isNotEmpty();
        for (long offset : snapshots) {
            String file = ProducerSnapshotFile.name(DIR, offset);
            harness.disk().write(file, 8, ByteBuffer.wrap(new byte[] {0x5a, 0x5a}));
        }
        Log reopened = open(CONFIG); // a restart over what is on disk
        assertThat(trace.lines).anyMatch(l -> l.contains("producer snapshot " + snapshots.get(snapshots.size() - 1)
                + " ignored: crc"));
        assertThat(reopened.activeProducers()).isEqualTo(before);
        assertThat(trace.lines).anyMatch(l -> l.contains("replaying from the log start"));
        assertThat(send(reopened, PID, EPOCH, 0, 2).appendInfo().firstOffset()).isZero();
        // the corrupt files are gone; one fresh snapshot at the end replaces them
        assertThat(reopened.producerSnapshotOffsets()).containsExactly(reopened.logEndOffset());
    }

    @Test
    void truncationDeletesLaterSnapshotsAndRebuildsTheStateAtTheNewEnd() {
        Log log = open(CONFIG);
        for (int seq = 0; seq < 8; seq++) {
            send(log, PID, EPOCH, seq, 1);
            if (seq % 3 == 2) {
                log.roll();
            }
        }
        assertThat(log.producerSnapshotOffsets()).contains(3L, 6L);
        log.truncateTo(4);
        assertThat(log.producerSnapshotOffsets()).allMatch(o -> o <= 4);
        assertThat(log.producerState(PID).orElseThrow().lastSequence()).isEqualTo(3);
        assertThat(send(log, PID, EPOCH, 4, 1).error()).as("sequence 4 again, after truncation")
                .isEqualTo(AppendError.NONE);
        log.truncateFullyAndStartAt(100);
        assertThat(log.activeProducers()).isEmpty();
        assertThat(log.producerSnapshotOffsets()).isEmpty();
        assertThat(send(log, PID, EPOCH, 9, 1).error()).isEqualTo(AppendError.NONE);
    }

    @Test
    void retentionForgetsBatchesBelowTheLogStart() {
        Log log = open(CONFIG.withRetentionBytes(0));
        send(log, PID, EPOCH, 0, 1);
        send(log, 2000L, EPOCH, 0, 1);
        log.roll();
        send(log, 2000L, EPOCH, 1, 1);
        log.roll();
        flush(log);
        assertThat(log.deleteOldSegments()).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.producerState(PID)).as("every batch below the log start").isEmpty();
        assertThat(log.producerState(2000L)).isEmpty();
        assertThat(log.producerSnapshotOffsets()).allMatch(o -> o >= 3);
        assertThat(send(log, 2000L, EPOCH, 7, 1).error()).as("unknown again: any sequence")
                .isEqualTo(AppendError.NONE);
    }

    @Test
    void anIdleProducerExpiresByTheLogsClockAcrossRestarts() {
        LogConfig config = CONFIG.withProducerIdExpirationMs(60_000);
        Log log = open(config);
        send(log, PID, EPOCH, 0, 1);
        clock.advanceMs(30_000);
        send(log, 2000L, EPOCH, 0, 1);
        clock.advanceMs(30_000);
        assertThat(log.removeExpiredProducers()).isEqualTo(1);
        assertThat(log.activeProducers()).containsOnlyKeys(2000L);
        flush(log);
        clock.advanceMs(30_000); // producer 2000 is now 60 s idle
        Log reopened = open(config);
        assertThat(reopened.activeProducers()).isEmpty();
        // the leader forgets an expired producer itself before checking its batch
        assertThat(send(reopened, 2000L, EPOCH, 5, 1).error()).isEqualTo(AppendError.NONE);
        clock.advanceMs(60_000);
        assertThat(send(reopened, 2000L, EPOCH, 5, 1).error()).as("expired: not recognised as a duplicate")
                .isEqualTo(AppendError.NONE);
        assertThat(trace.lines).anyMatch(l -> l.contains("producer 2000 expired"));
    }

    @Test
    void aLogWithoutProducersWritesNoSnapshotAndReadsNothingBack() {
        Log log = open(CONFIG);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 2, 300, i), 0);
        }
        flush(log);
        harness.crash();
        Log reopened = open(CONFIG);
        assertThat(reopened.segmentBaseOffsets()).hasSizeGreaterThan(1);
        assertThat(reopened.producerSnapshotOffsets()).isEmpty();
        assertThat(harness.disk().list()).noneMatch(f -> f.endsWith(".snapshot"));
        assertThat(trace.lines).noneMatch(l -> l.contains("producer"));
    }
}
