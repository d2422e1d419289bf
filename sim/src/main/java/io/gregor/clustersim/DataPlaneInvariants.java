package io.gregor.clustersim;

import io.gregor.broker.ReplicaManager;
import io.gregor.broker.TopicPartition;
import io.gregor.log.Log;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.RecordBatch;
import io.gregor.replication.PartitionReplica;
import io.gregor.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data plane's safety properties, checked white-box after every simulator event on every live broker's
 * replicas:
 * <ul>
 *   <li>log start ≤ high watermark ≤ log end on every replica;</li>
 *   <li>a replica's leader epoch never goes back, and a leader's high watermark never goes back within its epoch
 *       (both within one incarnation);</li>
 *   <li>committed batches — below any replica's own high watermark — are the same batch on every replica that
 *       holds them (same epoch, last offset and checksum), and once committed a batch never changes: no replica
 *       ever holds a different one below its high watermark, a newly elected leader included.</li>
 * </ul>
 * Each failure is a line, recorded (the first {@value #MAX_VIOLATIONS}).
 */
public final class DataPlaneInvariants {

    public static final int MAX_VIOLATIONS = 20;
    private static final int READ_BYTES = 1 << 20;

    /** A committed batch's identity. */
    private record BatchId(int epoch, long lastOffset, long checksum) {
    }

    /** What is remembered per broker and partition within one incarnation. */
    private static final class ReplicaView {
        long incarnation = -1;
        int leaderEpoch = -1;
        int hwEpoch = -1;
        long leaderHw = -1;
        long checkedUpTo;
    }

    private final List<Integer> brokers;
    private final Map<TopicPartition, TreeMap<Long, BatchId>> committed = new TreeMap<>();
    private final Map<Integer, Map<TopicPartition, ReplicaView>> views = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long checks;

    public DataPlaneInvariants(List<Integer> brokers) {
        this.brokers = List.copyOf(brokers);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many replica states were checked. */
    public long checks() {
        return checks;
    }

    /** The committed batches seen so far, per partition: how many. */
    public long committedBatches() {
        return committed.values().stream().mapToLong(TreeMap::size).sum();
    }

    public void violation(String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(message);
        }
    }

    /** Checks every live broker's replicas after one event. */
    public void afterEvent(Simulation sim) {
        for (int id : brokers) {
            if (!sim.isUp(id) || !(sim.node(id) instanceof KafkaNode node)) {
                continue;
            }
            ReplicaManager rm = node.replicaManager();
            for (TopicPartition tp : rm.partitions()) {
                PartitionReplica r = rm.replica(tp);
                checks++;
                check(sim, id, tp, r);
            }
        }
    }

    private void check(Simulation sim, int broker, TopicPartition tp, PartitionReplica r) {
        ReplicaView v = views.computeIfAbsent(broker, k -> new TreeMap<>()).computeIfAbsent(tp, k -> new ReplicaView());
        long inc = sim.incarnation(broker);
        if (v.incarnation != inc) {
            v.incarnation = inc;
            v.leaderEpoch = -1;
            v.hwEpoch = -1;
            v.leaderHw = -1;
            v.checkedUpTo = 0;
        }
        Log log = r.log();
        long hw = r.highWatermark();
        long leo = log.logEndOffset();
        if (hw > leo || hw < log.logStartOffset()) {
            violation(where(sim, broker, tp) + "high watermark " + hw + " outside [" + log.logStartOffset() + ", "
                    + leo + "]");
        }
        if (r.leaderEpoch() < v.leaderEpoch) {
            violation(where(sim, broker, tp) + "leader epoch went back " + v.leaderEpoch + " -> " + r.leaderEpoch());
        }
        v.leaderEpoch = r.leaderEpoch();
        if (r.isLeader()) {
            if (v.hwEpoch == r.leaderEpoch() && hw < v.leaderHw) {
                violation(where(sim, broker, tp) + "leader high watermark went back " + v.leaderHw + " -> " + hw
                        + " in epoch " + r.leaderEpoch());
            }
            v.hwEpoch = r.leaderEpoch();
            v.leaderHw = hw;
        }
        if (hw > v.checkedUpTo) {
            checkCommitted(sim, broker, tp, log, v.checkedUpTo, hw);
            v.checkedUpTo = hw;
        }
    }

    private static String where(Simulation sim, int broker, TopicPartition tp) {
        return "t=" + sim.nowNs() + " broker " + broker + " " + tp + ": ";
    }

    /** The batches of {@code log} in {@code [from, to)} must match what is committed there, and extend it. */
    private void checkCommitted(Simulation sim, int broker, TopicPartition tp, Log log, long from, long to) {
        TreeMap<Long, BatchId> known = committed.computeIfAbsent(tp, k -> new TreeMap<>());
        long next = Math.max(from, log.logStartOffset());
        try {
            while (next < to) {
                MemoryRecords records = log.read(next, READ_BYTES);
                if (records.sizeInBytes() == 0) {
                    return;
                }
                for (RecordBatch b : records.batchList()) {
                    if (b.baseOffset() >= to) {
                        return;
                    }
                    BatchId mine = new BatchId(b.partitionLeaderEpoch(), b.lastOffset(), b.checksum());
                    BatchId first = known.putIfAbsent(b.baseOffset(), mine);
                    if (first != null && !first.equals(mine)) {
                        violation(where(sim, broker, tp) + "committed batch at offset " + b.baseOffset() + " is " + mine
                                + " but " + first + " was committed there");
                    }
                    next = b.nextOffset();
                }
            }
        } catch (LogStorageException e) {
            // a log that cannot serve is the node's own failure (it halts); the other checks judge the rest
        }
    }
}
