package io.gregor.clustersim;

import io.gregor.broker.TopicPartition;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controller.TopicImage;
import io.gregor.log.Log;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.RecordBatch;
import io.gregor.replication.PartitionReplica;
import io.gregor.replication.ReplicaAudit;
import io.gregor.replication.ReplicaMessage;
import io.gregor.sim.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data plane's safety properties, checked white-box after every simulator event on every live broker's
 * replicas:
 * <ul>
 *   <li>log start ≤ high watermark ≤ log end on every replica;</li>
 *   <li>a leader is in its ISR, and (with durable appends, where a crash loses nothing an ISR member reported) its
 *       high watermark is at most the log end of every live member of its maximal ISR;</li>
 *   <li>a replica's leader epoch never goes back, and a leader's high watermark never goes back within its epoch
 *       (both within one incarnation);</li>
 *   <li>committed batches — below any replica's own high watermark — are the same batch on every replica that
 *       holds them (same epoch, last offset and checksum), and once committed a batch never changes: no replica
 *       ever holds a different one below its high watermark, a newly elected leader included.</li>
 * </ul>
 * and, told by each replica's {@link ReplicaAudit} at the moment it happens:
 * <ul>
 *   <li>only the leader of the request's own leader epoch serves produce, fetch and OffsetsForLeaderEpoch — no
 *       request with a stale (or future) epoch is served (KIP-320);</li>
 *   <li>an acks=all write is acknowledged only by the leader, with a maximal ISR of at least min.insync.replicas
 *       members, every live one of which holds the write (checked with durable appends);</li>
 *   <li>a consumer never gets records at or above the leader's high watermark.</li>
 * </ul>
 * Each failure is a line, recorded (the first {@value #MAX_VIOLATIONS}).
 */
public final class DataPlaneInvariants {

    public static final int MAX_VIOLATIONS = 20;
    private static final int READ_BYTES = 1 << 20;

    /**
     * The committed batches of one partition, by base offset: an epoch, a last offset and a checksum each. Arrays,
     * since committed batches arrive in offset order almost always (an insertion below the last one, from a replica
     * whose batches are cut differently, shifts the tail).
     */
    static final class Committed {
        private long[] bases = new long[256];
        private int[] epochs = new int[256];
        private long[] lastOffsets = new long[256];
        private long[] checksums = new long[256];
        private int size;

        int size() {
            return size;
        }

        /**
         * Records the batch at {@code base} unless one is recorded there already.
         *
         * @return null if it was new or is the same; else what was recorded there, described
         */
        String putIfAbsent(long base, int epoch, long lastOffset, long checksum) {
            int i = size == 0 || base > bases[size - 1] ? -size - 1 : Arrays.binarySearch(bases, 0, size, base);
            if (i >= 0) {
                return epochs[i] == epoch && lastOffsets[i] == lastOffset && checksums[i] == checksum ? null
                        : "epoch " + epochs[i] + ", last offset " + lastOffsets[i] + ", checksum " + checksums[i];
            }
            int at = -i - 1;
            if (size == bases.length) {
                bases = Arrays.copyOf(bases, size * 2);
                epochs = Arrays.copyOf(epochs, size * 2);
                lastOffsets = Arrays.copyOf(lastOffsets, size * 2);
                checksums = Arrays.copyOf(checksums, size * 2);
            }
            int tail = size - at;
            System.arraycopy(bases, at, bases, at + 1, tail);
            System.arraycopy(epochs, at, epochs, at + 1, tail);
            System.arraycopy(lastOffsets, at, lastOffsets, at + 1, tail);
            System.arraycopy(checksums, at, checksums, at + 1, tail);
            bases[at] = base;
            epochs[at] = epoch;
            lastOffsets[at] = lastOffset;
            checksums[at] = checksum;
            size++;
            return null;
        }
    }

    /** What is remembered per broker and partition within one incarnation. */
    private static final class ReplicaView {
        long incarnation = -1;
        int leaderEpoch = -1;
        int hwEpoch = -1;
        long leaderHw = -1;
        long checkedUpTo;
        long logEnd = -1;
        /** The maximal ISR and high watermark the leader's were last checked with against its members' logs. */
        List<Integer> checkedIsr;
        long checkedHw = -1;
    }

    private final List<Integer> brokers;
    private final int minInsyncReplicas;
    private final boolean durableAppends;
    private final Map<TopicPartition, Committed> committed = new HashMap<>(); // looked up; iterated only to sum
    private final List<String> violations = new ArrayList<>();
    /** The event node's partitions whose log got shorter in this event (cleared before each). */
    private final List<TopicPartition> shrunk = new ArrayList<>();
    /** The event was a callback that may have touched any node: every leader is checked against every member. */
    private boolean anyNodeMoved;
    private long checks;

    /**
     * @param minInsyncReplicas the topic's min.insync.replicas (the setting, whatever a mutation does with it)
     * @param durableAppends replicas fsync what they count toward the high watermark ({@code flush.messages=1}); a
     *     crash then loses nothing an ISR member reported, and the ISR-wide checks are exact
     */
    public DataPlaneInvariants(List<Integer> brokers, int minInsyncReplicas, boolean durableAppends) {
        this.brokers = List.copyOf(brokers);
        this.minInsyncReplicas = minInsyncReplicas;
        this.durableAppends = durableAppends;
    }

    /**
     * The audit of broker {@code broker}'s replica of {@code tp}, judging each moment against {@code sim}; it also
     * carries what the per-event check remembers of that replica (found from the replica, without a lookup).
     */
    public ReplicaAudit auditor(Simulation sim, int broker, TopicPartition tp) {
        return new Audit(sim, broker, tp);
    }

    /** A replica's audit, and the per-event check's memory of it. */
    private final class Audit implements ReplicaAudit {
        private final Simulation sim;
        private final int broker;
        private final TopicPartition tp;
        final ReplicaView view = new ReplicaView();

        Audit(Simulation sim, int broker, TopicPartition tp) {
            this.sim = sim;
            this.broker = broker;
            this.tp = tp;
        }

        @Override
        public void served(PartitionReplica r, String request, int requestEpoch) {
            if (!r.isLeader()) {
                violation(where(sim, broker, tp) + "served " + request + " as " + r.role() + " of leader epoch "
                        + r.leaderEpoch());
            } else if (requestEpoch != ReplicaMessage.NO_EPOCH && requestEpoch != r.leaderEpoch()) {
                violation(where(sim, broker, tp) + "served " + request + " carrying leader epoch " + requestEpoch
                        + " in leader epoch " + r.leaderEpoch());
            }
        }

        @Override
        public void acknowledged(PartitionReplica r, long requiredOffset) {
            List<Integer> isr = r.maximalIsr();
            if (!r.isLeader() || isr.size() < minInsyncReplicas) {
                violation(where(sim, broker, tp) + "acknowledged an acks=all write ending at " + (requiredOffset - 1)
                        + " as " + r.role() + " with maximal ISR " + isr + " (min.insync.replicas "
                        + minInsyncReplicas + ")");
                return;
            }
            for (int member : isr) {
                long end = heldBy(sim, member, tp);
                if (end >= 0 && end < requiredOffset) {
                    violation(where(sim, broker, tp) + "acknowledged an acks=all write ending at "
                            + (requiredOffset - 1) + " but ISR member " + member + " holds only up to " + end);
                }
            }
        }

        @Override
        public void consumerRead(PartitionReplica r, long endOffset) {
            if (endOffset > r.highWatermark()) {
                violation(where(sim, broker, tp) + "handed a consumer records up to " + (endOffset - 1)
                        + " with the high watermark at " + r.highWatermark());
            }
        }
    }

    /**
     * Where {@code member}'s replica of {@code tp} ends, or -1 when it is down, does not host it, or (without durable
     * appends, where a crashed member may have lost what it reported) nothing can be said. The log end, not the
     * recovery point: a restarted replica's recovery point is its last checkpoint, below what survived on disk.
     */
    private long heldBy(Simulation sim, int member, TopicPartition tp) {
        if (!durableAppends || !sim.isUp(member) || !(sim.node(member) instanceof KafkaNode node)) {
            return -1;
        }
        PartitionReplica r = node.replicaManager().replica(tp);
        return r == null ? -1 : r.log().logEndOffset();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Whether nothing was found yet (no copy: asked after every event). */
    public boolean clean() {
        return violations.isEmpty();
    }

    /** How many replica states were checked. */
    public long checks() {
        return checks;
    }

    /** The committed batches seen so far, per partition: how many. */
    public long committedBatches() {
        return committed.values().stream().mapToLong(Committed::size).sum();
    }

    public void violation(String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(message);
        }
    }

    /**
     * Checks the live brokers' replicas after one event: fully those of the node the event reached (a replica's
     * own state changes only in its node's events; after a callback, every node's), and, where one of that node's
     * logs got shorter in the event, the high watermark of every leader whose ISR holds the node against it.
     */
    public void afterEvent(Simulation sim) {
        int only = sim.lastEventNodeId();
        shrunk.clear();
        anyNodeMoved = only < 0;
        if (only >= 0 && brokers.contains(only)) {
            checkFully(sim, only); // first: which of its logs shrank, the others' leaders need to know
        }
        for (int id : brokers) {
            if (only >= 0 && id == only) {
                continue;
            }
            if (only < 0) {
                checkFully(sim, id);
            } else if (!shrunk.isEmpty() && sim.isUp(id) && sim.node(id) instanceof KafkaNode node) {
                // a leader's high watermark against the event node's log, where that log got shorter (a
                // truncation, a restart): it was checked against everything else at the leader's own events
                List<TopicPartition> partitions = node.replicaManager().partitionList();
                List<PartitionReplica> replicas = node.replicaManager().replicaList();
                for (int i = 0; i < partitions.size(); i++) {
                    PartitionReplica r = replicas.get(i);
                    if (r.isLeader() && shrunk.contains(partitions.get(i)) && r.maximalIsr().contains(only)) {
                        checkHighWatermarkAgainst(sim, id, partitions.get(i), r.highWatermark(), only);
                    }
                }
            }
        }
    }

    /** Checks every replica of broker {@code id} (if it is up), noting those whose log got shorter. */
    private void checkFully(Simulation sim, int id) {
        if (!sim.isUp(id) || !(sim.node(id) instanceof KafkaNode node)) {
            return;
        }
        List<TopicPartition> partitions = node.replicaManager().partitionList();
        List<PartitionReplica> replicas = node.replicaManager().replicaList();
        for (int i = 0; i < partitions.size(); i++) {
            checks++;
            if (check(sim, id, partitions.get(i), replicas.get(i))) {
                shrunk.add(partitions.get(i));
            }
        }
    }

    /** Checks one replica; returns whether its log end went down since it was last checked (or was never seen). */
    private boolean check(Simulation sim, int broker, TopicPartition tp, PartitionReplica r) {
        if (!(r.audit() instanceof Audit audit)) { // the cluster gives every replica one, carrying its view
            throw new IllegalStateException("broker " + broker + "'s replica of " + tp + " has no audit");
        }
        ReplicaView v = audit.view;
        long inc = sim.incarnation(broker);
        if (v.incarnation != inc) {
            v.incarnation = inc;
            v.leaderEpoch = -1;
            v.hwEpoch = -1;
            v.leaderHw = -1;
            v.checkedUpTo = 0;
            v.logEnd = -1;
            v.checkedIsr = null;
        }
        Log log = r.log();
        long hw = r.highWatermark();
        long leo = log.logEndOffset();
        boolean shrank = leo < v.logEnd || v.logEnd < 0;
        v.logEnd = leo;
        if (hw > leo || hw < log.logStartOffset()) {
            violation(where(sim, broker, tp) + "high watermark " + hw + " outside [" + log.logStartOffset() + ", "
                    + leo + "]");
        }
        if (r.leaderEpoch() < v.leaderEpoch) {
            violation(where(sim, broker, tp) + "leader epoch went back " + v.leaderEpoch + " -> " + r.leaderEpoch());
        }
        v.leaderEpoch = r.leaderEpoch();
        if (r.isLeader()) {
            checkLeader(sim, broker, tp, r, hw, v);
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
        return shrank;
    }

    /**
     * After the heal, whether every replica caught up with its partition's leader: for each partition the image
     * gives a live leader, every live replica holds the leader's batches, identical, up to the leader's high
     * watermark. Empty when they all do; else one line per replica that does not (still behind, or holding a
     * different batch — a follower stuck on a divergence it cannot resolve shows up here).
     */
    public List<String> divergence(Simulation sim, MetadataImage image) {
        return sim.observe(() -> divergenceNow(sim, image));
    }

    private List<String> divergenceNow(Simulation sim, MetadataImage image) {
        List<String> out = new ArrayList<>();
        if (image == null) {
            out.add("no active controller");
            return out;
        }
        for (TopicImage topic : image.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> p : topic.partitions().entrySet()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.getKey());
                PartitionRegistration reg = p.getValue();
                PartitionReplica leader = replicaOn(sim, reg.leader(), tp);
                if (leader == null || !leader.isLeader()) {
                    out.add(tp + ": no live leader (" + reg.leader() + ")");
                    continue;
                }
                long hw = leader.highWatermark();
                for (int id : reg.replicas()) {
                    PartitionReplica r = id == reg.leader() ? null : replicaOn(sim, id, tp);
                    if (r == null) {
                        continue;
                    }
                    String difference = firstDifference(leader.log(), r.log(), hw);
                    if (difference != null) {
                        out.add(tp + " on broker " + id + " (leader " + reg.leader() + ", high watermark " + hw + "): "
                                + difference);
                    }
                }
            }
        }
        return out;
    }

    private static PartitionReplica replicaOn(Simulation sim, int broker, TopicPartition tp) {
        if (broker < 0 || !sim.isUp(broker) || !(sim.node(broker) instanceof KafkaNode node)) {
            return null;
        }
        return node.replicaManager().replica(tp);
    }

    /** Where {@code follower} first differs from {@code leader} below {@code upTo}, or null if it does not. */
    private static String firstDifference(Log leader, Log follower, long upTo) {
        if (follower.logEndOffset() < upTo) {
            return "log ends at " + follower.logEndOffset();
        }
        long next = Math.max(leader.logStartOffset(), follower.logStartOffset());
        try {
            while (next < upTo) {
                List<RecordBatch> mine = leader.inspect(next, READ_BYTES, Long.MAX_VALUE).batchList();
                List<RecordBatch> theirs = follower.inspect(next, READ_BYTES, Long.MAX_VALUE).batchList();
                if (mine.isEmpty() || theirs.isEmpty()) {
                    return "nothing to read at offset " + next;
                }
                int n = Math.min(mine.size(), theirs.size());
                for (int i = 0; i < n && next < upTo; i++) {
                    RecordBatch a = mine.get(i);
                    RecordBatch b = theirs.get(i);
                    if (a.baseOffset() != b.baseOffset() || a.lastOffset() != b.lastOffset()
                            || a.checksum() != b.checksum() || a.partitionLeaderEpoch() != b.partitionLeaderEpoch()) {
                        return "batch at offset " + b.baseOffset() + " (epoch " + b.partitionLeaderEpoch()
                                + ") differs from the leader's at " + a.baseOffset() + " (epoch "
                                + a.partitionLeaderEpoch() + ")";
                    }
                    next = a.nextOffset();
                }
            }
        } catch (LogStorageException e) {
            return "log unreadable: " + e.getMessage();
        }
        return null;
    }

    /**
     * The leader's ISR holds it, and its high watermark is within every member's log. The second part is redone only
     * when the high watermark or the maximal ISR changed since, or after a callback: otherwise a member's log can
     * only have got shorter in its own events, which check it against the leaders (see {@link #afterEvent}).
     */
    private void checkLeader(Simulation sim, int broker, TopicPartition tp, PartitionReplica r, long hw,
            ReplicaView v) {
        List<Integer> isr = r.isr();
        if (!isr.contains(broker)) {
            violation(where(sim, broker, tp) + "leads outside its ISR " + isr);
        }
        List<Integer> maximal = r.maximalIsr();
        if (maximal == v.checkedIsr && hw == v.checkedHw && !anyNodeMoved) {
            return;
        }
        for (int member : maximal) {
            checkHighWatermarkAgainst(sim, broker, tp, hw, member);
        }
        v.checkedIsr = maximal;
        v.checkedHw = hw;
    }

    private void checkHighWatermarkAgainst(Simulation sim, int broker, TopicPartition tp, long hw, int member) {
        long end = heldBy(sim, member, tp);
        if (end >= 0 && hw > end) {
            violation(where(sim, broker, tp) + "high watermark " + hw + " is past ISR member " + member
                    + "'s log end " + end);
        }
    }

    private static String where(Simulation sim, int broker, TopicPartition tp) {
        return "t=" + sim.nowNs() + " broker " + broker + " " + tp + ": ";
    }

    /** The batches of {@code log} in {@code [from, to)} must match what is committed there, and extend it. */
    private void checkCommitted(Simulation sim, int broker, TopicPartition tp, Log log, long from, long to) {
        Committed known = committed.computeIfAbsent(tp, k -> new Committed());
        long next = Math.max(from, log.logStartOffset());
        try {
            while (next < to) {
                MemoryRecords records = log.inspectBelow(next, READ_BYTES, to);
                if (records.sizeInBytes() == 0) {
                    return;
                }
                for (RecordBatch b : records.batches()) {
                    if (b.baseOffset() >= to) {
                        return;
                    }
                    String first = known.putIfAbsent(b.baseOffset(), b.partitionLeaderEpoch(), b.lastOffset(),
                            b.checksum());
                    if (first != null) {
                        violation(where(sim, broker, tp) + "committed batch at offset " + b.baseOffset() + " is epoch "
                                + b.partitionLeaderEpoch() + ", last offset " + b.lastOffset() + ", checksum "
                                + b.checksum() + " but " + first + " was committed there");
                    }
                    next = b.nextOffset();
                }
            }
        } catch (LogStorageException e) {
            // a log that cannot serve is the node's own failure (it halts); the other checks judge the rest
        }
    }
}
