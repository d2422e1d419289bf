package io.gregor.raftsim;

import io.gregor.common.Invariant;
import io.gregor.common.InvariantViolation;
import io.gregor.log.Log;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.RecordBatch;
import io.gregor.raft.ElectionState;
import io.gregor.raft.EpochState;
import io.gregor.raft.LeaderState;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raft.ResignedState;
import io.gregor.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quorum's safety properties, checked white-box after every simulator event:
 * <ul>
 *   <li>at most one leader per epoch; at most one durable vote per voter per epoch (the quorum-state file);</li>
 *   <li>durable epochs never go back; a node's high watermark never goes back (within a lifetime) nor past its
 *       log end;</li>
 *   <li>a majority of voters hold durably everything below a leader's high watermark;</li>
 *   <li>committed batches (below any node's high watermark) are the same everywhere (log matching for committed
 *       data), and a new leader's log holds every committed batch (leader completeness);</li>
 *   <li>(with snapshots, KIP-630, a node's log may start past 0: only what it still holds is compared)</li>
 *   <li>a resigned leader appends nothing; a leader cut off from a majority resigns in bounded time
 *       (check-quorum).</li>
 * </ul>
 * Observers (non-voters replicating the log) are checked too: their epochs and high watermarks never go back, what
 * they hold below their high watermark is the committed log, and none of them ever leads or votes; they do not
 * count toward the majority that must hold the leader's high watermark.
 *
 * <p>Each failure is an {@link InvariantViolation} message, recorded (the first {@value #MAX_VIOLATIONS}).
 */
public final class RaftInvariants {

    public static final int MAX_VIOLATIONS = 20;
    private static final int READ_BYTES = 1 << 20;

    /** A committed batch's identity. */
    private record BatchId(int epoch, long lastOffset, long checksum) {
    }

    private final List<Integer> voters;
    private final List<Integer> replicas = new ArrayList<>();
    /** Per replica, at the same index as in {@link #replicas} (the per-event loop walks both). */
    private final List<long[]> replicaStates = new ArrayList<>();
    private final long staleLeaderNs;
    private final Map<Integer, Integer> leaderOfEpoch = new TreeMap<>();
    /** Durable votes by {@link #key}(voter, epoch). */
    private final Map<Long, Integer> votes = new TreeMap<>();
    /** A resigned leader's log end by {@link #key}(node, epoch). */
    private final Map<Long, Long> resignedEnd = new TreeMap<>();
    private final TreeMap<Long, BatchId> committed = new TreeMap<>();
    /** The epoch in which each committed batch was first seen committed (an upper bound of its commit epoch). */
    private final TreeMap<Long, Integer> commitEpoch = new TreeMap<>();
    private final Map<Integer, long[]> perNode = new HashMap<>(); // looked up, never iterated
    private final List<String> violations = new ArrayList<>();
    private long committedEnd;

    // per node: [incarnation, maxDurableEpoch, hwSeen, durableHigh, checkedUpTo, leading (1) or not (0),
    //           when a leader's silence is next worth measuring (simulated ns), the durable vote last seen (epoch, id)]
    private static final int INC = 0;
    private static final int EPOCH = 1;
    private static final int HW = 2;
    private static final int DURABLE = 3;
    private static final int CHECKED = 4;
    private static final int LEADING = 5;
    private static final int SILENCE_DUE = 6;
    private static final int VOTE_EPOCH = 7;
    private static final int VOTED_ID = 8;

    public RaftInvariants(List<Integer> voters, long fetchTimeoutMs) {
        this.voters = List.copyOf(voters);
        this.staleLeaderNs = 2 * fetchTimeoutMs * 1_000_000L + 100_000_000L;
        for (int v : voters) {
            addReplica(v);
        }
    }

    /**
     * Node {@code id}'s disk was replaced by an empty one (its log and quorum-state file are gone): it comes back as
     * a new replica, so its own history — durable epochs, votes, what it held — no longer binds it. The cluster's
     * history does: what was committed must survive on the others and reach the new disk.
     */
    public void diskReplaced(int id) {
        long[] st = perNode.get(id);
        st[INC] = -1;
        st[EPOCH] = 0;
        st[DURABLE] = 0;
        votes.keySet().removeIf(k -> (k >>> 32) == id);
    }

    /** Checks observer {@code id} too (a non-voter replicating the log). */
    public void addObserver(int id) {
        Invariant.check(!voters.contains(id), "n%d is a voter, not an observer", id);
        addReplica(id);
    }

    private void addReplica(int id) {
        long[] st = {0, 0, 0, 0, 0, 0, 0, -1, EpochState.NO_ID};
        replicas.add(id);
        replicaStates.add(st);
        perNode.put(id, st);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Whether nothing was found yet (no copy: asked after every event). */
    public boolean clean() {
        return violations.isEmpty();
    }

    /** The end of the committed prefix the checker has seen (an offset). */
    public long committedEnd() {
        return committedEnd;
    }

    /** Records a failure found elsewhere (an exception out of a node, a liveness miss). */
    public void violation(String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(message);
        }
    }

    /**
     * A message is about to be handled: a granted vote must already be durable on the voter that sent it
     * (KIP-595 writes the quorum-state file before the VoteResponse leaves). Checked while the voter is up.
     */
    public void received(Simulation sim, int to, int from, Object message) {
        if (!(message instanceof RaftMessage.VoteResponse v) || !v.granted() || v.preVote()
                || !sim.isUp(from) || !(sim.node(from) instanceof RaftHost voter)
                || voter.raft().quorum() == null) {
            return;
        }
        ElectionState durable = voter.raft().quorum().store().durable();
        if (durable.epoch() < v.epoch() || (durable.epoch() == v.epoch() && durable.votedId() != to)) {
            violation("t=" + sim.nowNs() + " n" + to + " counts a vote from n" + from + " in epoch " + v.epoch()
                    + " that is not durable there (durable: " + durable + ")");
        }
    }

    /** Checks every live voter and observer after one event. */
    public void afterEvent(Simulation sim) {
        // a node's state changes only at its own events: the event's node is checked whole (every node after an event
        // that reached none, a fault or a timer of the harness); a leader's silence grows with time alone, so every
        // node that led when last checked has that part checked after every event
        int only = sim.lastEventNodeId();
        for (int i = 0; i < replicas.size(); i++) {
            int id = replicas.get(i);
            long[] st = replicaStates.get(i);
            boolean whole = only < 0 || id == only;
            if (!whole && (st[LEADING] == 0 || sim.nowNs() < st[SILENCE_DUE])) {
                continue;
            }
            if (!sim.isUp(id) || !(sim.node(id) instanceof RaftHost server) || server.raft().quorum() == null) {
                st[LEADING] = 0;
                continue;
            }
            try {
                if (whole) {
                    checkNode(sim, id, server.raft(), st);
                } else if (server.raft().quorum().state() instanceof LeaderState s) {
                    checkSilence(sim, id, server.raft(), s.epoch(), st);
                } else {
                    st[LEADING] = 0;
                }
            } catch (InvariantViolation v) {
                violation("t=" + sim.nowNs() + " " + v.getMessage());
            }
        }
        if (only >= 0 && voters.contains(only)) {
            // the event's voter may have lost durable entries (a truncation): every leader's high watermark must
            // still be durable on a majority, though the leaders themselves saw no event
            for (int i = 0; i < voters.size(); i++) {
                int id = voters.get(i);
                long[] st = replicaStates.get(i);
                if (id != only && st[LEADING] == 1 && sim.isUp(id)) {
                    try {
                        checkDurableMajority(id, st[HW]);
                    } catch (InvariantViolation v) {
                        violation("t=" + sim.nowNs() + " " + v.getMessage());
                    }
                }
            }
        }
    }

    /**
     * A leader that has not heard from a majority for {@code staleLeaderNs} must have resigned (unless paused). Only
     * the leader's own events bring it news, so until then the silence need not be measured again before it could
     * reach the limit: {@code st[SILENCE_DUE]} (checked a little early or late by the node's clock drift, never
     * missed).
     */
    private void checkSilence(Simulation sim, int id, RaftNode r, int epoch, long[] st) {
        long silentMs = r.msSinceQuorumContact();
        boolean recentlyPaused = sim.nowNs() - sim.pausedUntilNs(id) < staleLeaderNs;
        if (!recentlyPaused && silentMs * 1_000_000L > staleLeaderNs) {
            Invariant.check(false, "leader n%d of epoch %d has not heard from a majority in %d ms", id, epoch,
                    silentMs);
        }
        long untilLimit = staleLeaderNs - silentMs * 1_000_000L;
        long untilAwake = sim.pausedUntilNs(id) + staleLeaderNs - sim.nowNs();
        st[SILENCE_DUE] = sim.nowNs() + Math.max(1, Math.max(untilLimit, untilAwake));
    }

    /** One map key for a node and an epoch. */
    private static long key(int id, int epoch) {
        return ((long) id << 32) | (epoch & 0xFFFF_FFFFL);
    }

    private void checkNode(Simulation sim, int id, RaftNode r, long[] st) {
        long inc = sim.incarnation(id);
        if (st[INC] != inc) {
            st[INC] = inc;
            st[HW] = 0;
            st[CHECKED] = 0;
        }
        EpochState s = r.quorum().state();
        if (!voters.contains(id) && (s instanceof LeaderState || s.votedId() != EpochState.NO_ID)) {
            Invariant.check(false, "observer n%d is %s", id, s); // (tested first: no boxing at every event)
        }
        ElectionState durable = r.quorum().store().durable();
        if (durable.epoch() < st[EPOCH]) {
            Invariant.check(false, "n%d durable epoch went back %d -> %d", id, st[EPOCH], durable.epoch());
        }
        st[EPOCH] = durable.epoch();
        // a vote counts once it is durable: only then may it leave the node (an undurable one dies with a halt)
        boolean newVote = durable.epoch() != st[VOTE_EPOCH] || durable.votedId() != st[VOTED_ID];
        st[VOTE_EPOCH] = durable.epoch();
        st[VOTED_ID] = durable.votedId();
        if (newVote && durable.votedId() != EpochState.NO_ID) { // (a vote seen before was recorded then)
            Integer before = votes.putIfAbsent(key(id, durable.epoch()), durable.votedId());
            if (before != null && before != durable.votedId()) {
                Invariant.check(false, "n%d voted twice in epoch %d: n%d and n%d", id, durable.epoch(), before,
                        durable.votedId());
            }
        }
        Log log = r.log();
        long leo = log.logEndOffset();
        if (s instanceof LeaderState) {
            Integer before = leaderOfEpoch.putIfAbsent(s.epoch(), id);
            Invariant.check(before == null || before == id, "two leaders in epoch %d: n%d and n%d", s.epoch(),
                    before, id);
            if (before == null) {
                checkLeaderCompleteness(id, s.epoch(), log);
            }
        }
        if (s instanceof ResignedState) {
            Long before = resignedEnd.putIfAbsent(key(id, s.epoch()), leo);
            Invariant.check(before == null || leo <= before, "n%d appended after resigning epoch %d (log end %d -> "
                    + "%d)", id, s.epoch(), before, leo);
        }
        long hw = r.highWatermark();
        if (hw < st[HW] || hw > leo) { // (formatted only on failure: this runs for every node after every event)
            Invariant.check(hw >= st[HW], "n%d high watermark went back %d -> %d", id, st[HW], hw);
            Invariant.check(hw <= leo, "n%d high watermark %d is past its log end %d", id, hw, leo);
        }
        st[HW] = hw;
        st[DURABLE] = Math.max(Math.min(st[DURABLE], leo), log.recoveryPoint());
        if (hw > st[CHECKED]) {
            checkCommitted(id, s.epoch(), log, st[CHECKED], hw);
            st[CHECKED] = hw;
        }
        if (s instanceof LeaderState) {
            checkDurableMajority(id, hw);
            checkSilence(sim, id, r, s.epoch(), st);
        }
        st[LEADING] = s instanceof LeaderState ? 1 : 0;
    }

    /** A leader's high watermark {@code hw} is durable on a majority of the voters (as last seen). */
    private void checkDurableMajority(int leader, long hw) {
        int holding = 0;
        for (int i = 0; i < voters.size(); i++) { // the voters are the first replicas, in order
            holding += replicaStates.get(i)[DURABLE] >= hw ? 1 : 0;
        }
        if (holding < voters.size() / 2 + 1) {
            Invariant.check(false, "leader n%d's high watermark %d is durable on only %d voters", leader, hw, holding);
        }
    }

    /** Batches of {@code log} in {@code [from, to)} must match what is committed, and extend it. */
    private void checkCommitted(int id, int epoch, Log log, long from, long to) {
        for (RecordBatch b : batches(log, from, to)) {
            BatchId mine = new BatchId(b.partitionLeaderEpoch(), b.lastOffset(), b.checksum());
            BatchId known = committed.putIfAbsent(b.baseOffset(), mine);
            Invariant.check(known == null || known.equals(mine), "n%d's committed batch at offset %d is %s but %s was "
                    + "committed there", id, b.baseOffset(), mine, known);
            commitEpoch.putIfAbsent(b.baseOffset(), epoch);
            committedEnd = Math.max(committedEnd, b.nextOffset());
        }
    }

    /**
     * Leader completeness (Raft §5.4): a leader of epoch E holds every batch committed in an epoch before E. (A
     * leader of a stale epoch may legitimately lack what a newer epoch committed: it can commit nothing.)
     */
    private void checkLeaderCompleteness(int id, int epoch, Log log) {
        long mustHoldEnd = 0;
        for (Map.Entry<Long, Integer> e : commitEpoch.entrySet()) {
            if (e.getValue() < epoch) {
                mustHoldEnd = Math.max(mustHoldEnd, committed.get(e.getKey()).lastOffset() + 1);
            }
        }
        Invariant.check(log.logEndOffset() >= mustHoldEnd, "new leader n%d of epoch %d ends at %d, before %d, the "
                + "end of what earlier epochs committed", id, epoch, log.logEndOffset(), mustHoldEnd);
        for (RecordBatch b : batches(log, log.logStartOffset(), mustHoldEnd)) {
            BatchId known = committed.get(b.baseOffset());
            BatchId mine = new BatchId(b.partitionLeaderEpoch(), b.lastOffset(), b.checksum());
            Invariant.check(known == null || known.equals(mine), "new leader n%d of epoch %d holds %s at offset %d "
                    + "where %s was committed", id, epoch, mine, b.baseOffset(), known);
        }
    }

    /** Log matching at the end: same base offset and epoch on two nodes means the same batch. */
    public void checkLogMatching(Simulation sim) {
        Map<String, Long> seen = new TreeMap<>();
        for (int id : replicas) {
            if (!sim.isUp(id) || !(sim.node(id) instanceof RaftHost server)) {
                continue;
            }
            Log log = server.raft().log();
            for (RecordBatch b : batches(log, log.logStartOffset(), log.logEndOffset())) {
                String key = b.baseOffset() + "@" + b.partitionLeaderEpoch();
                Long before = seen.putIfAbsent(key, b.checksum());
                if (before != null && before != b.checksum()) {
                    violation("log matching: batch " + key + " differs on n" + id);
                }
            }
        }
    }

    private static List<RecordBatch> batches(Log log, long from, long to) {
        List<RecordBatch> out = new ArrayList<>();
        // KIP-630: offsets below the log start were trimmed into a snapshot; they are not missing
        long next = Math.max(from, log.logStartOffset());
        try {
            while (next < to && next < log.logEndOffset()) {
                MemoryRecords records = log.inspectBelow(next, READ_BYTES, to);
                if (records.sizeInBytes() == 0) {
                    break;
                }
                for (RecordBatch b : records.batchList()) {
                    if (b.baseOffset() >= to) {
                        return out;
                    }
                    out.add(b);
                    next = b.nextOffset();
                }
            }
        } catch (LogStorageException e) {
            // a log that cannot serve (a crashed disk's corrupt tail) is judged by the other checks
        }
        return out;
    }
}
