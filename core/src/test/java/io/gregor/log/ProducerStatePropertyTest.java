package io.gregor.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.env.testing.DiskHarness;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Two properties of the idempotent-producer state, written once over a {@link DiskHarness}:
 * <ol>
 *   <li>A producer that retries (lost requests, lost responses, at most five batches in flight) leaves each of
 *       its sequence numbers in the log exactly once, in order, across rolls and restarts; every duplicate is
 *       answered with the offsets the original got.</li>
 *   <li>After any mix of leader and follower appends, retries, rolls, flushes, truncations, retention and crashes
 *       that lose or tear unsynced writes, the producer state equals the state a replay of the whole (recovered)
 *       log from scratch gives: snapshots never disagree with the log.</li>
 * </ol>
 */
public abstract class ProducerStatePropertyTest {

    protected static final String DIR = "p0";
    /** Small segments so that rolls (and snapshots) happen; producers never expire here. */
    protected static final LogConfig CONFIG = new LogConfig(2048, 5 * 60_000L, 128, 64, 6000, 10 * 60_000L, 2048)
            .withProducerIdExpirationMs(1000L * 24 * 60 * 60 * 1000);

    /** A fresh backend for one case; crashes may lose or tear unsynced writes. */
    protected abstract DiskHarness newHarness(long seed);

    protected int tries() {
        return 150;
    }

    // ---- property 1: a retrying producer ----

    /** One step of a retrying producer: send the next batch or resend an unacknowledged one; or a restart. */
    record ProducerOp(int kind, int pick, int records, boolean requestLost, boolean responseLost) {
    }

    static final Gen<ProducerOp> PRODUCER_OP = s -> new ProducerOp((int) s.draw(10), s.intBetween(0, 4),
            s.intBetween(1, 3), s.chance(0.2), s.chance(0.2));

    @TestFactory
    Stream<DynamicTest> aRetryingProducerLeavesEachSequenceInTheLogExactlyOnce() {
        return Property.forAll("a retrying producer leaves each sequence in the log exactly once", tries(),
                Gen.listOf(PRODUCER_OP, 60), this::runProducer);
    }

    private static final class Sent {
        final int firstSequence;
        final int records;
        final byte[] bytes;
        long firstOffset = -1L;
        boolean acked;

        Sent(int firstSequence, int records, byte[] bytes) {
            this.firstSequence = firstSequence;
            this.records = records;
            this.bytes = bytes;
        }
    }

    private void runProducer(List<ProducerOp> ops) {
        DiskHarness harness = newHarness(ops.hashCode());
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        TestBatches.ListTrace trace = new TestBatches.ListTrace();
        long pid = 7L;
        try {
            Log[] log = {Log.open(harness.disk(), DIR, CONFIG, clock, trace)};
            harness.runUntilIdle();
            List<Sent> window = new ArrayList<>(); // unacknowledged batches from the oldest on: at most five
            // The first batch goes alone: a partition accepts an unknown producer at any sequence (as Kafka does),
            // so a pipelined second batch overtaking a lost first one would be taken, and the first refused forever.
            Sent first = new Sent(0, 1, TestBatches.bytes(TestBatches.producerBatch(clock.wallMillis(), pid,
                    (short) 0, 0, 1)));
            deliver(log[0], first, false);
            int[] nextSequence = {1};
            for (ProducerOp op : ops) {
                clock.advanceMs(10);
                if (op.kind() == 0) {
                    log[0].flush((offset, error) -> { });
                    harness.runUntilIdle();
                    harness.crash();
                    log[0] = Log.open(harness.disk(), DIR, CONFIG, clock, trace);
                    harness.runUntilIdle();
                } else if (op.kind() == 1) {
                    log[0].roll();
                } else if (op.kind() <= 5 && window.size() < ProducerStateEntry.NUM_BATCHES_TO_RETAIN) {
                    ByteBuffer b = TestBatches.producerBatch(clock.wallMillis(), pid, (short) 0, nextSequence[0],
                            op.records());
                    Sent sent = new Sent(nextSequence[0], op.records(), TestBatches.bytes(b));
                    nextSequence[0] = (int) ((nextSequence[0] + (long) op.records()) % (Integer.MAX_VALUE + 1L));
                    window.add(sent);
                    if (!op.requestLost()) {
                        deliver(log[0], sent, op.responseLost());
                    }
                } else if (!window.isEmpty()) {
                    deliver(log[0], window.get(op.pick() % window.size()), op.responseLost());
                }
                while (!window.isEmpty() && window.get(0).acked) {
                    window.remove(0);
                }
            }
            for (int attempt = 0; !window.isEmpty(); attempt++) {
                assertThat(attempt).as("the producer's retries end").isLessThan(20);
                deliver(log[0], window.get(0), false);
                while (!window.isEmpty() && window.get(0).acked) {
                    window.remove(0);
                }
            }
            List<Integer> sequences = new ArrayList<>();
            for (RecordBatch b : TestBatches.readAll(log[0])) {
                for (int i = 0; i < b.recordCount(); i++) {
                    sequences.add(b.baseSequence() + i);
                }
            }
            assertThat(sequences).as("each sequence exactly once, in order").hasSize(nextSequence[0]);
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).isEqualTo(i);
            }
        } catch (AssertionError e) {
            List<String> lines = trace.lines;
            throw new AssertionError(e.getMessage() + "\n  log trace (last lines):\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 15), lines.size())), e);
        } finally {
            harness.close();
        }
    }

    /** Sends one attempt of {@code sent}; the producer learns the outcome unless the response is lost. */
    private static void deliver(Log log, Sent sent, boolean responseLost) {
        LeaderAppendResult r = log.tryAppendAsLeader(ByteBuffer.wrap(sent.bytes.clone()), 0);
        if (r.error() == AppendError.NONE) {
            assertThat(sent.firstOffset).as("sequence %d appended twice", sent.firstSequence).isEqualTo(-1L);
            sent.firstOffset = r.appendInfo().firstOffset();
        } else if (r.error() == AppendError.DUPLICATE_SEQUENCE_NUMBER) {
            assertThat(r.appendInfo().firstOffset()).as("a duplicate answers with the original offset")
                    .isEqualTo(sent.firstOffset);
            assertThat(r.appendInfo().lastOffset()).isEqualTo(sent.firstOffset + sent.records - 1);
        } else {
            assertThat(r.error()).as(r.message()).isEqualTo(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(sent.firstOffset).as("an appended batch is never out of order: " + r.message()).isEqualTo(-1L);
            return;
        }
        if (!responseLost) {
            sent.acked = true;
        }
    }

    // ---- property 2: the state always equals a replay of the log ----

    /** One operation on the log. */
    record LogOp(int kind, int producer, int records, int retryBack, boolean newEpoch, int permille) {
    }

    static final Gen<LogOp> LOG_OP = s -> new LogOp((int) s.draw(16), s.intBetween(0, 2), s.intBetween(1, 3),
            s.chance(0.3) ? s.intBetween(1, 7) : 0, s.chance(0.08), s.intBetween(0, 1000));

    @TestFactory
    Stream<DynamicTest> theStateAlwaysEqualsAReplayOfTheWholeLog() {
        return Property.forAll("the producer state always equals a replay of the whole log", tries(),
                Gen.listOf(LOG_OP, 60), this::runLog);
    }

    private void runLog(List<LogOp> ops) {
        DiskHarness harness = newHarness(ops.size() * 31L + ops.hashCode());
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        TestBatches.ListTrace trace = new TestBatches.ListTrace();
        int[] nextSequence = new int[3];
        short[] epoch = new short[3];
        int step = 0;
        try {
            Log log = Log.open(harness.disk(), DIR, CONFIG, clock, trace);
            harness.runUntilIdle();
            for (LogOp op : ops) {
                step++;
                clock.advanceMs(1000);
                int p = op.producer();
                long pid = 100L + p;
                switch (op.kind()) {
                    case 0, 1, 2, 3, 4 -> {
                        if (op.newEpoch()) {
                            epoch[p]++;
                            nextSequence[p] = 0;
                        }
                        int first = Math.max(0, nextSequence[p] - op.retryBack() * op.records());
                        ByteBuffer b = TestBatches.producerBatch(clock.wallMillis(), pid, epoch[p], first, op.records());
                        if (log.tryAppendAsLeader(b, 0).error() == AppendError.NONE) {
                            nextSequence[p] = first + op.records();
                        }
                    }
                    case 5 -> {
                        ByteBuffer b = TestBatches.producerBatch(clock.wallMillis(), pid, epoch[p],
                                nextSequence[p] + op.retryBack(), op.records());
                        RecordBatch.of(b).setBaseOffset(log.logEndOffset());
                        RecordBatch.of(b).setPartitionLeaderEpoch(0);
                        log.appendAsFollower(b); // a follower takes what the leader wrote, gaps and all
                        nextSequence[p] = nextSequence[p] + op.retryBack() + op.records();
                    }
                    case 6 -> log.appendAsLeader(TestBatches.batch(clock.wallMillis(), op.records(), 50, step), 0);
                    case 7 -> log.roll();
                    case 8, 9 -> log.flush((offset, error) -> { });
                    case 10, 11 -> harness.runUntilIdle();
                    case 12 -> log.truncateTo(log.logStartOffset()
                            + (log.logEndOffset() - log.logStartOffset()) * op.permille() / 1000);
                    case 13 -> {
                        clock.advanceMs(op.permille() * 1000L);
                        log.deleteOldSegments();
                    }
                    default -> {
                        harness.crash();
                        log = Log.open(harness.disk(), DIR, CONFIG, clock, trace);
                        harness.runUntilIdle();
                    }
                }
                assertThat(log.activeProducers()).as("state after %s equals a replay of the log", op)
                        .isEqualTo(replayFromScratch(log, harness));
            }
        } catch (AssertionError e) {
            List<String> lines = trace.lines;
            throw new AssertionError(e.getMessage() + "\n  at step " + step + ", log trace (last lines):\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 20), lines.size())), e);
        } finally {
            harness.close();
        }
    }

    /** The producer state a fresh manager gets by applying every batch of the log from its start. */
    static NavigableMap<Long, ProducerStateEntry> replayFromScratch(Log log, DiskHarness harness) {
        ProducerStateManager fresh = new ProducerStateManager(harness.disk(), "replay", (c, t) -> { },
                CONFIG.producerIdExpirationMs(), log.logStartOffset());
        for (RecordBatch b : TestBatches.readAll(log)) {
            fresh.apply(b);
        }
        return fresh.producers();
    }
}
