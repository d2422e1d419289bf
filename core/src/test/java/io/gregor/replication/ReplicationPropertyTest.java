package io.gregor.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.common.Invariant;
import io.gregor.log.MemoryRecords;
import io.gregor.log.RecordBatch;
import io.gregor.log.TestBatches;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Three replicas under a fake controller, driven by random produce (acks=all, min ISR 2), fetches, time, crashes that
 * lose unsynced writes, restarts, flushes and leader elections from the ISR. After every step: leader in ISR in
 * replicas, the leader's high watermark monotonic and at most every live ISR member's log end, every acknowledged
 * record at its offset on every live ISR member. At the end, after healing: replicas byte-identical below the high
 * watermark, every acknowledged record in every log.
 *
 * <p>The crash model: without {@code flushOnAppend} committed data lives in the ISR's memory, so the last live ISR
 * member is never crashed (losing every in-sync copy's page cache at once is outside what Kafka promises without
 * fsync; see KIP-966). With it, any replica may crash at any time.
 */
class ReplicationPropertyTest {

    sealed interface Op permits Produce, Fetch, FetchRound, Advance, Crash, Restart, Elect, Flush, Sync, Controller {
    }

    record Produce(int records) implements Op {
    }

    record Fetch(int broker) implements Op {
    }

    record FetchRound() implements Op {
    }

    record Advance(int ms) implements Op {
    }

    record Crash(int broker) implements Op {
    }

    record Restart(int broker) implements Op {
    }

    record Elect(int broker) implements Op {
    }

    record Flush(int broker) implements Op {
    }

    /** The controller receives and answers the AlterPartition proposals due now. */
    record Controller() implements Op {
    }

    /** One broker's disk completes the fsyncs asked of it so far. */
    record Sync(int broker) implements Op {
    }

    private static final Gen<Integer> BROKER = Gen.ints(1, 3);

    static final Gen<Op> OP = Gen.frequency(
            Gen.ints(1, 3).map(Produce::new),
            Gen.ints(1, 3).map(Produce::new),
            BROKER.map(Fetch::new),
            BROKER.map(Fetch::new),
            BROKER.map(Fetch::new),
            s -> new FetchRound(),
            s -> new FetchRound(),
            Gen.ints(0, 150).map(Advance::new),
            BROKER.map(Crash::new),
            BROKER.map(Restart::new),
            BROKER.map(Elect::new),
            BROKER.map(Flush::new),
            BROKER.map(Sync::new),
            BROKER.map(Sync::new),
            s -> new Controller());

    static final Gen<List<Op>> OPS = Gen.listOf(OP, 80);

    private static final ReplicaConfig CONFIG = ReplicaConfig.DEFAULT.withReplicaLagTimeMaxMs(100)
            .withMinInsyncReplicas(2);

    private static int tries() {
        return Integer.getInteger("gregor.tries", 150);
    }

    @TestFactory
    Stream<DynamicTest> acknowledgedRecordsSurviveWithoutFlush() {
        return Property.forAll("acks=all records survive crashes and leader changes (no flush)", tries(), OPS,
                ops -> run(ops, CONFIG));
    }

    @TestFactory
    Stream<DynamicTest> acknowledgedRecordsSurviveWithFlushOnAppend() {
        return Property.forAll("acks=all records survive crashes and leader changes (flushOnAppend)", tries(), OPS,
                ops -> run(ops, CONFIG.withFlushOnAppend(true)));
    }

    /** With min ISR 1 an acknowledged record may live on the leader alone: its own durability then matters. */
    @TestFactory
    Stream<DynamicTest> acknowledgedRecordsSurviveWithFlushOnAppendAndMinIsrOne() {
        return Property.forAll("acks=all records survive crashes and leader changes (flushOnAppend, min ISR 1)",
                tries(), OPS, ops -> run(ops, CONFIG.withFlushOnAppend(true).withMinInsyncReplicas(1)));
    }

    /** An acknowledged batch: where it is and what it holds. */
    private record Acked(long baseOffset, byte[] bytes) {
    }

    private static final class Model {
        final ReplicaCluster c;
        final List<ReplicaCluster.Answers> waiting = new ArrayList<>();
        final List<Acked> acked = new ArrayList<>();
        final TreeMap<String, Long> leaderHighWatermarks = new TreeMap<>();
        /** Every batch any leader ever had wholly below its high watermark, by base offset. */
        final TreeMap<Long, byte[]> committed = new TreeMap<>();

        Model(ReplicaConfig config) {
            c = new ReplicaCluster(3, config);
            c.autoRunDisks = false;
            c.autoAlterPartition = false;
        }
    }

    private static void run(List<Op> ops, ReplicaConfig config) {
        Model m = new Model(config);
        for (Op op : ops) {
            apply(m, op);
            collectAcks(m);
            checkInvariants(m, op);
        }
        heal(m);
        collectAcks(m);
        checkInvariants(m, new FetchRound());
        checkHealed(m);
    }

    private static void apply(Model m, Op op) {
        ReplicaCluster c = m.c;
        if (op instanceof Produce p) {
            if (c.leader() != null) {
                m.waiting.add(c.produce(c.registration.leader(), -1, p.records()));
            }
        } else if (op instanceof Fetch f) {
            c.fetch(f.broker());
        } else if (op instanceof FetchRound) {
            c.fetchRound();
        } else if (op instanceof Advance a) {
            c.advanceMs(a.ms());
        } else if (op instanceof Crash cr) {
            if (c.alive.containsKey(cr.broker()) && crashAllowed(c, cr.broker())) {
                c.crash(cr.broker());
            }
        } else if (op instanceof Restart r) {
            if (!c.alive.containsKey(r.broker())) {
                c.restart(r.broker());
            }
        } else if (op instanceof Elect e) {
            if (c.alive.containsKey(e.broker()) && c.registration.isr().contains(e.broker())) {
                c.electLeader(e.broker());
            }
        } else if (op instanceof Flush f) {
            if (c.alive.containsKey(f.broker())) {
                c.flush(f.broker());
            }
        } else if (op instanceof Controller) {
            c.deliverAlterPartitions();
        } else if (op instanceof Sync s) {
            c.sync(s.broker());
        } else {
            throw new IllegalArgumentException("unhandled op " + op);
        }
    }

    /** See the class doc: without flushOnAppend, some other ISR member must be alive to keep committed data. */
    private static boolean crashAllowed(ReplicaCluster c, int broker) {
        if (c.config.flushOnAppend() || !c.registration.isr().contains(broker)) {
            return true;
        }
        for (int id : c.registration.isr()) {
            if (id != broker && c.alive.containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    private static void collectAcks(Model m) {
        m.waiting.removeIf(a -> {
            if (a.responses.isEmpty()) {
                return false;
            }
            ProduceResponse r = a.only();
            if (r.error() == ReplicationErrors.NONE) {
                m.acked.add(new Acked(r.baseOffset(), a.written));
            }
            return true;
        });
    }

    private static void checkInvariants(Model m, Op op) {
        ReplicaCluster c = m.c;
        List<Integer> isr = c.registration.isr();
        Invariant.check(c.registration.leader() == -1 || isr.contains(c.registration.leader()),
                "after %s: leader %s not in ISR %s", op, c.registration.leader(), isr);
        Invariant.check(c.registration.replicas().containsAll(isr), "after %s: ISR %s not within replicas", op, isr);
        for (PartitionReplica r : c.alive.values()) {
            assertThat(r.highWatermark()).as("after %s: hw of %s", op, r).isLessThanOrEqualTo(r.logEndOffset());
            if (r.isLeader()) {
                assertThat(r.brokerId()).as("after %s: %s leads but the controller says %s", op, r,
                        c.registration.leader()).isEqualTo(c.registration.leader());
                assertThat(r.maximalIsr()).as("after %s", op).contains(r.brokerId());
                String key = r.brokerId() + "/" + c.incarnations.get(r.brokerId()) + "/" + r.leaderEpoch();
                Long before = m.leaderHighWatermarks.put(key, r.highWatermark());
                assertThat(r.highWatermark()).as("after %s: leader hw went back", op)
                        .isGreaterThanOrEqualTo(before == null ? 0 : before);
                for (int id : isr) {
                    PartitionReplica member = c.alive.get(id);
                    if (member != null) {
                        assertThat(r.highWatermark()).as("after %s: leader hw above ISR member %s", op, member)
                                .isLessThanOrEqualTo(member.logEndOffset());
                    }
                }
            }
        }
        PartitionReplica leader = c.leader();
        if (leader != null) {
            for (RecordBatch b : TestBatches.readAll(leader.log())) {
                if (b.nextOffset() > leader.highWatermark()) {
                    break;
                }
                byte[] bytes = TestBatches.bytes(b.slice());
                byte[] before = m.committed.putIfAbsent(b.baseOffset(), bytes);
                assertThat(before == null || Arrays.equals(before, bytes)).as(
                        "after %s: committed batch at %s changed on leader %s", op, b.baseOffset(), leader).isTrue();
            }
        }
        for (int id : isr) {
            PartitionReplica member = c.alive.get(id);
            if (member != null) {
                for (Acked a : m.acked) {
                    assertHolds(member, a, "after " + op);
                }
                for (var e : m.committed.entrySet()) {
                    assertHolds(member, new Acked(e.getKey(), e.getValue()), "after " + op + " (committed)");
                }
            }
        }
    }

    private static void assertHolds(PartitionReplica r, Acked a, String when) {
        assertThat(r.logEndOffset()).as("%s: %s lacks acknowledged offset %s", when, r, a.baseOffset())
                .isGreaterThan(a.baseOffset());
        MemoryRecords read = r.log().read(a.baseOffset(), 1);
        RecordBatch first = read.batchList().get(0);
        assertThat(first.baseOffset()).as("%s: %s batch boundary at acknowledged offset", when, r)
                .isEqualTo(a.baseOffset());
        assertThat(TestBatches.bytes(first.slice())).as("%s: %s holds other bytes at acknowledged offset %s", when,
                r, a.baseOffset()).isEqualTo(a.bytes());
    }

    /** Every broker back, time for the ISR to settle, fetches until everyone has everything. */
    private static void heal(Model m) {
        ReplicaCluster c = m.c;
        c.autoRunDisks = true;
        c.autoAlterPartition = true;
        c.runDisks();
        for (int id : c.ids) {
            if (!c.alive.containsKey(id)) {
                c.restart(id);
            }
        }
        for (int i = 0; i < 5; i++) {
            c.catchUp();
            c.advanceMs(10);
        }
    }

    private static void checkHealed(Model m) {
        ReplicaCluster c = m.c;
        PartitionReplica leader = c.leader();
        assertThat(leader).as("a leader after healing: %s", c.registration).isNotNull();
        assertThat(c.registration.isr()).as("everyone back in sync").containsExactlyInAnyOrder(1, 2, 3);
        assertThat(leader.highWatermark()).isEqualTo(leader.logEndOffset());
        List<byte[]> expected = ReplicaCluster.batches(leader);
        for (PartitionReplica r : c.alive.values()) {
            assertThat(ReplicaCluster.batches(r)).as("log of %s", r).usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(expected);
            for (Acked a : m.acked) {
                assertHolds(r, a, "healed");
            }
        }
    }
}
