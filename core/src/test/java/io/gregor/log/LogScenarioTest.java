package io.gregor.log;

import static io.gregor.log.TestBatches.batch;
import static io.gregor.log.TestBatches.bytes;
import static io.gregor.log.TestBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.env.Disk;
import io.gregor.env.ForwardingDisk;
import io.gregor.env.testing.DiskHarness;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log's behaviour as short stories, written once over a {@link DiskHarness} and run against each disk backend
 * (subclasses in core, sim and real-net). The backend must not inject faults here: these tests expect exact
 * outcomes; faults belong to {@link LogPropertyTest}.
 */
public abstract class LogScenarioTest {

    protected static final String DIR = "topic-0";
    protected static final LogConfig SMALL = LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(100)
            .withRetentionMs(-1);

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

    protected Log open(LogConfig config) {
        Log log = Log.open(harness.disk(), DIR, config, clock, trace);
        harness.runUntilIdle();
        return log;
    }

    protected Log crashAndReopen(LogConfig config) {
        harness.crash();
        return open(config);
    }

    /** Flushes, delivers completions, and returns the durable offset the callback reported. */
    protected long flush(Log log) {
        long[] durable = {-1L};
        log.flush((offset, error) -> {
            assertThat(error).isNull();
            durable[0] = offset;
        });
        harness.runUntilIdle();
        assertThat(durable[0]).as("flush callback ran").isGreaterThanOrEqualTo(0L);
        return durable[0];
    }

    protected String segmentFile(long baseOffset) {
        return DIR + "/" + String.format("%020d", baseOffset) + ".log";
    }

    // ---- append and read ----

    @Test
    void leaderAppendAssignsOffsetsAndEpochAndReadsBack() {
        Log log = open(SMALL);
        LogAppendInfo first = log.appendAsLeader(batch(clock.wallMillis(), 3, 10, 1), 4);
        LogAppendInfo second = log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 2), 4);
        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(5);
        List<RecordBatch> batches = readAll(log);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);
        assertThat(batches).extracting(RecordBatch::partitionLeaderEpoch).containsExactly(4, 4);
        assertThat(batches.get(1).recordList()).extracting(Record::offset).containsExactly(3L, 4L);
        assertThat(log.checkIndexes()).isEmpty();
    }

    @Test
    void followerAppendKeepsTheLeadersOffsetsAndBytes() {
        Log log = open(SMALL);
        ByteBuffer fromLeader = new RecordBatchBuilder().baseOffset(0).partitionLeaderEpoch(2)
                .append(5L, "a", "1").append(6L, "b", "2").build();
        byte[] sent = bytes(fromLeader);
        log.appendAsFollower(fromLeader);
        assertThat(bytes(log.read(0, 1000).buffer())).isEqualTo(sent);
        ByteBuffer gap = new RecordBatchBuilder().baseOffset(5).partitionLeaderEpoch(2).append(7L, "c", "3").build();
        assertThatThrownBy(() -> log.appendAsFollower(gap))
                .isInstanceOf(UnexpectedAppendOffsetException.class)
                .hasMessageContaining("starts at offset 5 but the log continues at 2");
    }

    /**
     * A segment remembers where its recent reads ended, so the next read from there skips the header walk; a
     * truncation forgets them, or a read at such an offset after new batches of other sizes would land inside one.
     */
    @Test
    void aReadAfterATruncationFindsTheNewBatchBoundaries() {
        Log log = open(LogConfig.DEFAULT);
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 3, 10, i), 0); // offsets 0-2, 3-5, 6-8
        }
        List<RecordBatch> firstTwo = log.read(0, 1).batchList();
        assertThat(firstTwo).hasSize(1); // one batch: the read ended at offset 3
        assertThat(log.read(3, 1).batchList().get(0).baseOffset()).isEqualTo(3); // from where the last ended

        assertThat(log.truncateTo(3)).isTrue();
        log.appendAsLeader(batch(clock.wallMillis(), 5, 10, 7), 1); // offsets 3-7, longer than the old 3-5
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 8), 1); // 8-9
        List<RecordBatch> at6 = log.read(6, 10_000).batchList();
        assertThat(at6.get(0).baseOffset()).isEqualTo(3);
        assertThat(at6.get(0).lastOffset()).isEqualTo(7);
        assertThat(at6.get(1).baseOffset()).isEqualTo(8);
        assertThat(log.read(8, 10_000).batchList().get(0).baseOffset()).isEqualTo(8);
    }

    @Test
    void readReturnsAtLeastOneBatchThenWhatFitsTheByteLimit() {
        Log log = open(LogConfig.DEFAULT);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ByteBuffer b = batch(clock.wallMillis(), 1, 100, i);
            sizes.add(b.remaining());
            log.appendAsLeader(b, 0);
        }
        // a limit smaller than one batch still returns that batch
        assertThat(log.read(0, 10).batchList()).hasSize(1);
        // a limit of two and a half batches returns two
        int twoAndAHalf = sizes.get(0) + sizes.get(1) + sizes.get(2) / 2;
        assertThat(log.read(0, twoAndAHalf).batchList()).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
        // reading from the middle of the log starts at the batch holding the offset
        assertThat(log.read(3, 100_000).batchList()).extracting(RecordBatch::baseOffset).containsExactly(3L, 4L);
        // an upper bound (a high watermark) cuts whole batches
        assertThat(log.read(0, 100_000, 2).batchList()).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
        assertThat(log.read(5, 100).sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(6, 100)).isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("outside log topic-0 range [0, 5]");
    }

    /** A check's walk below an offset: batches that end below it, or the one across it (with what follows). */
    @Test
    void inspectBelowStopsAtTheOffsetOrReturnsTheBatchAcrossIt() {
        Log log = open(LogConfig.DEFAULT);
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 3, 10, i), 0); // offsets 0-2, 3-5, 6-8
        }
        assertThat(log.inspectBelow(0, 100_000, 4).batchList()).extracting(RecordBatch::baseOffset)
                .containsExactly(0L);
        assertThat(log.inspectBelow(3, 100_000, 4).batchList()).extracting(RecordBatch::baseOffset)
                .containsExactly(3L, 6L);
        assertThat(log.inspectBelow(0, 100_000, 9).batchList()).extracting(RecordBatch::baseOffset)
                .containsExactly(0L, 3L, 6L);
    }

    @Test
    void readFromInsideABatchReturnsTheWholeBatch() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 4, 5, 0), 0);
        log.appendAsLeader(batch(clock.wallMillis(), 4, 5, 1), 0);
        assertThat(log.read(6, 10).batchList()).extracting(RecordBatch::baseOffset).containsExactly(4L);
    }

    // ---- bad input ----

    @Test
    void badBatchesAreRefusedAndNothingIsWritten() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 10), 1);
        long sizeBefore = log.sizeInBytes();

        ByteBuffer badCrc = batch(clock.wallMillis(), 10);
        badCrc.put(70, (byte) (badCrc.get(70) ^ 0xff));
        assertThatThrownBy(() -> log.appendAsLeader(badCrc, 1)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC");

        ByteBuffer wrongMagic = batch(clock.wallMillis(), 10);
        wrongMagic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> log.appendAsLeader(wrongMagic, 1)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("magic 1");

        ByteBuffer tooBig = batch(clock.wallMillis(), 2000);
        assertThatThrownBy(() -> log.appendAsLeader(tooBig, 1)).isInstanceOf(RecordBatchTooLargeException.class)
                .hasMessageContaining("larger than the limit of 1024 bytes");

        // a good batch followed by a bad one: all or nothing
        ByteBuffer good = batch(clock.wallMillis(), 10);
        ByteBuffer bad = batch(clock.wallMillis(), 10);
        bad.put(bad.limit() - 1, (byte) 0x77);
        ByteBuffer both = MemoryRecords.of(good, bad).buffer();
        ByteBuffer writable = ByteBuffer.allocate(both.remaining()).put(both).flip();
        assertThatThrownBy(() -> log.appendAsLeader(writable, 1)).isInstanceOf(LogException.class);

        assertThatThrownBy(() -> log.appendAsLeader(batch(clock.wallMillis(), 10), 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("leader epoch 0 is older than the log's latest epoch 1");

        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
    }

    // ---- rolling ----

    @Test
    void rollsBySizeAndReadsAcrossSegments() {
        Log log = open(SMALL);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), 0);
        }
        List<Long> bases = log.segmentBaseOffsets();
        assertThat(bases.size()).isGreaterThan(4);
        for (long base : bases) {
            assertThat(harness.disk().size(segmentFile(base))).isLessThanOrEqualTo(1024);
        }
        assertThat(readAll(log)).extracting(RecordBatch::baseOffset)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
        assertThat(log.checkIndexes()).isEmpty();
    }

    @Test
    void rollsByAgeOfTheFirstBatchTimestamp() {
        Log log = open(LogConfig.DEFAULT.withSegmentMs(60_000));
        long t0 = clock.wallMillis();
        log.appendAsLeader(batch(t0, 10), 0);
        log.appendAsLeader(batch(t0 + 60_000, 10), 0); // exactly segmentMs: no roll
        assertThat(log.segmentBaseOffsets()).containsExactly(0L);
        log.appendAsLeader(batch(t0 + 60_001, 10), 0);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
        assertThat(trace.lines).anyMatch(l -> l.contains("rolled segment 2: age 60001 ms"));
    }

    @Test
    void fullOffsetIndexRollsTheSegment() {
        Log log = open(LogConfig.DEFAULT.withIndexIntervalBytes(0).withMaxIndexSizeBytes(32));
        for (int i = 0; i < 12; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 10), 0);
        }
        assertThat(log.segmentBaseOffsets()).hasSizeGreaterThan(1);
        assertThat(log.checkIndexes()).isEmpty();
    }

    // ---- durability ----

    @Test
    void flushReportsTheDurableOffsetOnlyAfterTheDiskCompletes() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 10), 0);
        long[] reported = {-1L};
        log.flush((offset, error) -> reported[0] = offset);
        assertThat(reported[0]).as("not before the fsync completes").isEqualTo(-1L);
        assertThat(log.recoveryPoint()).isZero();
        harness.runUntilIdle();
        assertThat(reported[0]).isEqualTo(1L);
        assertThat(log.recoveryPoint()).isEqualTo(1L);
    }

    @Test
    void flushedDataSurvivesACrash() {
        Log log = open(SMALL);
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ByteBuffer b = batch(clock.wallMillis(), 2, 100, i);
            log.appendAsLeader(b, 3);
            written.add(bytes(b));
        }
        assertThat(flush(log)).isEqualTo(24);
        log = crashAndReopen(SMALL);
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        assertThat(log.logEndOffset()).isEqualTo(24);
        assertThat(log.recoveryPoint()).isEqualTo(24);
        List<RecordBatch> batches = readAll(log);
        for (int i = 0; i < written.size(); i++) {
            assertThat(bytes(batches.get(i).slice())).isEqualTo(written.get(i));
        }
        assertThat(log.checkIndexes()).isEmpty();
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(3, 0));
    }

    // ---- recovery ----

    @Test
    void tornLastBatchIsTruncatedOnRecovery() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 50, 1), 0);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 50, 2), 0);
        flush(log);
        long goodSize = harness.disk().size(segmentFile(0));
        // a third batch whose write was torn: only its first 40 bytes reached the disk
        ByteBuffer third = batch(clock.wallMillis(), 2, 50, 3);
        third.putLong(0, 4L);
        third.limit(40);
        Disk disk = harness.disk();
        disk.write(segmentFile(0), goodSize, third);
        disk.fsync(segmentFile(0), e -> { });
        harness.runUntilIdle();

        log = crashAndReopen(SMALL);
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(harness.disk().size(segmentFile(0))).isEqualTo(goodSize);
        assertThat(trace.lines).anyMatch(l -> l.contains("recovery truncated 40 bytes at offset 4"));
        log.appendAsLeader(batch(clock.wallMillis(), 10), 0);
        assertThat(readAll(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L);
        assertThat(log.checkIndexes()).isEmpty();
    }

    @Test
    void corruptBatchAboveTheRecoveryPointIsTruncatedWithLaterSegments() {
        Log log = open(SMALL);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), 0);
        }
        List<Long> bases = log.segmentBaseOffsets();
        assertThat(bases.size()).isGreaterThanOrEqualTo(3);
        Disk disk = harness.disk();
        // nothing was flushed, so the recovery point is 0; damage a batch in the second segment and make it stick
        long second = bases.get(1);
        for (long base : bases) {
            disk.fsync(segmentFile(base), e -> { });
        }
        disk.write(segmentFile(second), 30, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        disk.fsync(segmentFile(second), e -> { });
        harness.runUntilIdle();

        log = crashAndReopen(SMALL);
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        assertThat(log.logEndOffset()).isEqualTo(second);
        // the damaged batch was the second segment's first: the segment stays, empty, as the active one
        assertThat(log.segmentBaseOffsets()).containsExactly(bases.get(0), second);
        assertThat(harness.disk().size(segmentFile(second))).isZero();
        for (int i = 2; i < bases.size(); i++) {
            assertThat(harness.disk().exists(segmentFile(bases.get(i)))).isFalse();
        }
    }

    @Test
    void corruptBatchBelowTheRecoveryPointIsReportedNotDropped() {
        Log log = open(SMALL);
        long[] offsets = new long[3];
        for (int i = 0; i < 3; i++) {
            offsets[i] = log.appendAsLeader(batch(clock.wallMillis(), 1, 100, i), 0).firstOffset();
        }
        flush(log);
        log = crashAndReopen(SMALL);
        // flip a byte inside the second batch's records: acknowledged durable data gone bad
        int secondBatchStart = log.read(1, 1).sizeInBytes() == 0 ? 0 : log.read(0, 1).sizeInBytes();
        Disk disk = harness.disk();
        ByteBuffer one = ByteBuffer.allocate(1);
        disk.read(segmentFile(0), secondBatchStart + 70, one);
        one.flip();
        disk.write(segmentFile(0), secondBatchStart + 70, ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x10)}));
        disk.fsync(segmentFile(0), e -> { });
        harness.runUntilIdle();

        log = crashAndReopen(SMALL);
        assertThat(log.health().state()).isEqualTo(LogHealth.State.CORRUPT);
        assertThat(log.health().fromOffset()).isEqualTo(offsets[1]);
        assertThat(log.health().reason()).contains("below the recovery point 3");
        // the prefix is still served; the corrupt range is refused, never returned
        assertThat(log.read(0, 10_000).batchList()).extracting(RecordBatch::baseOffset).containsExactly(0L);
        Log corrupt = log;
        assertThatThrownBy(() -> corrupt.read(1, 10_000)).isInstanceOf(LogStorageException.class)
                .hasMessageContaining("cannot serve offset 1");
        assertThatThrownBy(() -> corrupt.appendAsLeader(batch(clock.wallMillis(), 10), 0))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("corrupt from offset 1");
        // nothing was deleted: the damaged bytes are still on disk for an operator or a refetch
        assertThat(harness.disk().size(segmentFile(0))).isGreaterThan(secondBatchStart + 70);

        // the replication layer decides to refetch: truncating below the corruption heals the log
        log.truncateTo(offsets[1]);
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        log.appendAsLeader(batch(clock.wallMillis(), 10), 0);
        assertThat(readAll(log)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
        assertThat(log.checkIndexes()).isEmpty();
    }

    @Test
    void corruptionInAnOldSegmentIsCaughtByTheReadThatMeetsIt() {
        Log log = open(SMALL);
        for (int i = 0; i < 12; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), 0);
        }
        flush(log);
        log = crashAndReopen(SMALL);
        Disk disk = harness.disk();
        disk.write(segmentFile(0), 100, ByteBuffer.wrap(new byte[] {9, 9, 9, 9}));
        disk.fsync(segmentFile(0), e -> { });
        harness.runUntilIdle();
        log = crashAndReopen(SMALL);
        // old segments are loaded without CRC checks; the read checks every batch it returns
        Log reopened = log;
        assertThatThrownBy(() -> reopened.inspect(0, 10_000, Long.MAX_VALUE)).isInstanceOf(LogStorageException.class)
                .hasMessageContaining("corrupt");
        assertThat(log.health()).as("an observer's read changes nothing").isEqualTo(LogHealth.HEALTHY);
        assertThatThrownBy(() -> reopened.read(0, 10_000)).isInstanceOf(LogStorageException.class)
                .hasMessageContaining("corrupt");
        assertThat(log.health().state()).isEqualTo(LogHealth.State.CORRUPT);
        assertThat(log.health().fromOffset()).isZero();
    }

    @Test
    void tornCheckpointIsDetectedAndTheLogIsScannedInFull() {
        Log log = open(SMALL);
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), i / 2);
        }
        flush(log);
        Disk disk = harness.disk();
        String rp = DIR + "/" + LogCheckpoints.RECOVERY_POINT_CHECKPOINT;
        disk.truncate(rp, disk.size(rp) - 3);
        disk.fsync(rp, e -> { });
        harness.runUntilIdle();
        log = crashAndReopen(SMALL);
        assertThat(trace.lines).anyMatch(l -> l.contains("checkpoint ignored") && l.contains("crc"));
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(1, 2),
                new EpochEntry(2, 4));
    }

    // ---- leader epochs ----

    @Test
    void epochCacheAnswersOffsetsForLeaderEpoch() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 0), 1); // 0-1
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 1), 1); // 2-3
        log.appendAsLeader(batch(clock.wallMillis(), 3, 10, 2), 3); // 4-6
        log.appendAsLeader(batch(clock.wallMillis(), 1, 10, 3), 5); // 7
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 4),
                new EpochEntry(5, 7));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new OffsetAndEpoch(1, 4));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new OffsetAndEpoch(1, 4));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new OffsetAndEpoch(3, 7));
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new OffsetAndEpoch(5, 8));
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new OffsetAndEpoch(0, 0));
        assertThat(log.endOffsetForEpoch(6)).isEqualTo(OffsetAndEpoch.UNDEFINED);
    }

    @Test
    void truncationTrimsTheEpochCacheAndRecoveryRebuildsIt() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 0), 1); // 0-1
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 1), 2); // 2-3
        flush(log);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 2), 4); // 4-5, not flushed
        log.truncateTo(4);
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 2));
        log.appendAsLeader(batch(clock.wallMillis(), 1, 10, 3), 6); // 4
        flush(log);
        // lose the epoch checkpoint entirely: recovery rebuilds it from the batches
        harness.disk().delete(DIR + "/" + LogCheckpoints.LEADER_EPOCH_CHECKPOINT);
        log = crashAndReopen(SMALL);
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 2),
                new EpochEntry(6, 4));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new OffsetAndEpoch(2, 4));
    }

    /**
     * Each flush checkpoints the recovery point, but the epoch file is written again only when the epochs changed
     * (a new leader epoch, a truncation); recovery still finds every epoch.
     */
    @Test
    void theEpochCheckpointIsRewrittenOnlyWhenTheEpochsChange() {
        String epochTemp = DIR + "/" + LogCheckpoints.LEADER_EPOCH_CHECKPOINT + ".tmp";
        String rpTemp = DIR + "/" + LogCheckpoints.RECOVERY_POINT_CHECKPOINT + ".tmp";
        java.util.Map<String, Integer> writes = new java.util.TreeMap<>();
        Disk counting = new ForwardingDisk(harness.disk()) {
            @Override
            public void write(String name, long position, ByteBuffer src) {
                writes.merge(name, 1, Integer::sum);
                super.write(name, position, src);
            }
        };
        Log log = Log.open(counting, DIR, SMALL, clock, trace);
        harness.runUntilIdle();
        int atOpen = writes.getOrDefault(epochTemp, 0); // the open checkpoints its (empty) epochs
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 2, 10, i), 1);
            flush(log);
        }
        assertThat(writes.get(rpTemp)).as("a recovery point per flush").isGreaterThanOrEqualTo(5);
        assertThat(writes.get(epochTemp)).as("epoch 1 once").isEqualTo(atOpen + 1);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 5), 3);
        flush(log);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 6), 3);
        flush(log);
        assertThat(writes.get(epochTemp)).as("and epoch 3 once").isEqualTo(atOpen + 2);
        log = crashAndReopen(SMALL);
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 10));
        assertThat(trace.lines).noneMatch(l -> l.contains("corrupt"));
    }

    @Test
    void unflushedEpochIsDroppedWithTheTailItStarted() {
        Log log = open(SMALL);
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 0), 1);
        flush(log);
        long durableSize = harness.disk().size(segmentFile(0));
        log.appendAsLeader(batch(clock.wallMillis(), 2, 10, 1), 7);
        assertThat(log.latestEpoch()).hasValue(7);
        // the crash tore the second batch: keep its first 20 bytes on disk
        harness.disk().truncate(segmentFile(0), durableSize + 20);
        harness.disk().fsync(segmentFile(0), e -> { });
        harness.runUntilIdle();
        log = crashAndReopen(SMALL);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.epochEntries()).containsExactly(new EpochEntry(1, 0));
    }

    // ---- truncation ----

    @Test
    void truncateToRemovesLaterSegmentsAndNeverSplitsABatch() {
        Log log = open(SMALL);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 3, 60, i), 0); // batches of 3 offsets
        }
        int segmentsBefore = log.segmentBaseOffsets().size();
        assertThat(log.truncateTo(10)).isTrue(); // offset 10 is inside the batch 9-11
        assertThat(log.logEndOffset()).isEqualTo(9);
        assertThat(log.segmentBaseOffsets().size()).isLessThan(segmentsBefore);
        assertThat(log.truncateTo(20)).isFalse();
        assertThat(log.checkIndexes()).isEmpty();
        log.appendAsLeader(batch(clock.wallMillis(), 1, 10, 99), 0);
        assertThat(readAll(log)).last().extracting(RecordBatch::baseOffset).isEqualTo(9L);
    }

    @Test
    void truncateFullyStartsAnEmptyLogAtTheOffset() {
        Log log = open(SMALL);
        for (int i = 0; i < 8; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), 2);
        }
        flush(log);
        log.truncateFullyAndStartAt(500);
        assertThat(log.logStartOffset()).isEqualTo(500);
        assertThat(log.logEndOffset()).isEqualTo(500);
        assertThat(log.epochEntries()).isEmpty();
        assertThat(log.segmentBaseOffsets()).containsExactly(500L);
        ByteBuffer next = new RecordBatchBuilder().baseOffset(500).partitionLeaderEpoch(3).append(1L, "x", "y").build();
        log.appendAsFollower(next);
        log = crashAndReopen(SMALL);
        assertThat(log.logStartOffset()).isEqualTo(500);
        assertThat(log.logEndOffset()).isIn(500L, 501L);
    }

    // ---- retention ----

    @Test
    void retentionBySizeDeletesOldestDurableSegmentsButNeverTheActiveOne() {
        Log log = open(SMALL.withRetentionBytes(2048));
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 200, i), 0);
        }
        assertThat(log.deleteOldSegments()).as("nothing is durable yet").isZero();
        flush(log);
        int segmentsBefore = log.segmentBaseOffsets().size();
        int deleted = log.deleteOldSegments();
        assertThat(deleted).isPositive();
        assertThat(log.segmentBaseOffsets()).hasSize(segmentsBefore - deleted);
        assertThat(log.sizeInBytes()).isLessThanOrEqualTo(2048 + 1024);
        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0));
        assertThatThrownBy(() -> log.read(0, 100)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(readAll(log)).isNotEmpty();
        Log reopened = crashAndReopen(SMALL.withRetentionBytes(2048));
        assertThat(reopened.logStartOffset()).isEqualTo(log.logStartOffset());
    }

    @Test
    void retentionByTimeDeletesSegmentsWhoseNewestRecordIsTooOld() {
        LogConfig config = SMALL.withRetentionMs(3_600_000);
        Log log = open(config);
        long t0 = clock.wallMillis();
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(t0 + i * 60_000L, 1, 200, i), 0);
        }
        flush(log);
        // 275-byte batches, three per 1 KiB segment: [0,3) [3,6) [6,9) [9,10); batch i has timestamp t0 + i min
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L, 6L, 9L);
        clock.advanceMs(3_600_000 + 5 * 60_000L);
        // the first segment's newest record (t0 + 2 min) is 63 min old; the second's (t0 + 5 min) exactly 60
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(trace.lines).anyMatch(l -> l.contains("retention deleted segment 0 (time)"));
        // the active segment is never deleted, however old
        clock.advanceMs(365L * 24 * 3_600_000);
        log.deleteOldSegments();
        assertThat(log.segmentBaseOffsets()).hasSize(1);
        assertThat(log.logEndOffset()).isEqualTo(10);
    }

    @Test
    void indexesAreReloadedBelowTheRecoveryPointAndRebuiltWhenCorrupt() {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(4096).withIndexIntervalBytes(64);
        Log log = open(config);
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch(clock.wallMillis(), 1, 100, i), 0);
        }
        flush(log);
        log = crashAndReopen(config);
        assertThat(log.checkIndexes()).isEmpty();
        String index = DIR + "/00000000000000000000.index";
        assertThat(harness.disk().size(index)).isPositive();
        // scribble on the first segment's index: the loader notices and rebuilds it
        harness.disk().write(index, 8, ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}));
        harness.disk().fsync(index, e -> { });
        harness.runUntilIdle();
        log = crashAndReopen(config);
        assertThat(log.health()).isEqualTo(LogHealth.HEALTHY);
        assertThat(log.checkIndexes()).isEmpty();
        assertThat(readAll(log)).hasSize(60);
    }
}
