package io.gregor.raft;

import io.gregor.common.Invariant;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.log.CoalescingFlush;
import io.gregor.log.Log;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.OffsetAndEpoch;
import io.gregor.log.RecordBatchBuilder;
import io.gregor.mutation.Mutation;
import io.gregor.raft.RaftMessage.FetchRequest;
import io.gregor.raft.RaftMessage.FetchResponse;
import io.gregor.raft.RaftMessage.FetchSnapshotRequest;
import io.gregor.raft.RaftMessage.FetchSnapshotResponse;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Pull replication of the metadata log (KIP-595) for one voter, both sides:
 * <ul>
 *   <li>follower: flush, then Fetch(fetchOffset = log end, lastFetchedEpoch); append what comes back, or truncate
 *       to the divergence the leader reports (KIP-101 epochs, never below the high watermark); one fetch in
 *       flight, matched by request id, resent after the request timeout;</li>
 *   <li>leader: check the fetch for divergence, record the follower's durable offset, advance the high watermark
 *       to what a majority holds durably, answer with records;</li>
 *   <li>both: hand every record below the high watermark to the {@link StateMachine}, once, in order; every
 *       {@link RaftConfig#snapshotIntervalRecords} offsets, snapshot it and trim the log (KIP-630);</li>
 *   <li>snapshots (KIP-630): a leader answers a fetch below its log start with its latest snapshot's id; the
 *       follower downloads it with FetchSnapshot chunk by chunk, restores the state machine from it, truncates its
 *       log fully and starts it at the snapshot's end offset.</li>
 * </ul>
 */
final class Replication {

    private static final long NEVER = Long.MIN_VALUE;

    private final RaftNode node;
    private final RaftConfig config;
    private final Env env;
    private final Log log;
    private final SnapshotStore snapshots;
    private final CommitApplier applier;
    private final SnapshotDownload download;
    private final RecordBatchBuilder dataBuilder = new RecordBatchBuilder();
    private final RecordBatchBuilder controlBuilder = new RecordBatchBuilder().control(true);
    private long highWatermark;
    private long lastLeaderContactNs = NEVER;
    private long nextRequestId;
    private long inFlightRequestId;
    private long fetchTimer = Timers.NO_TIMER;
    private boolean followerFlushing;
    private final CoalescingFlush leaderFlush;
    private LeaderState retired;

    Replication(RaftNode node, RaftConfig config, Env env, Log log, StateMachine stateMachine,
            SnapshotStore snapshots, RaftSnapshot loaded) {
        this.node = node;
        this.config = config;
        this.env = env;
        this.log = log;
        this.snapshots = snapshots;
        this.download = new SnapshotDownload(snapshots);
        this.leaderFlush = new CoalescingFlush(log, this::onLeaderFlushed, () -> !node.halted());
        this.applier = new CommitApplier(node.selfId(), config, env.trace(), log, stateMachine, snapshots);
        if (loaded != null) {
            // KIP-630: restart from the latest snapshot, then replay the log after it
            if (log.logEndOffset() < loaded.endOffset() || log.logStartOffset() > loaded.endOffset()) {
                log.truncateFullyAndStartAt(loaded.endOffset());
            }
            restoreFrom(loaded);
        }
        // a trimmed log needs its snapshot: without one the state machine would miss the records below the start
        Invariant.check(loaded != null || log.logStartOffset() == 0 || config.snapshotIntervalRecords() == 0,
                "n%d: the metadata log starts at %d but no valid snapshot covers the offsets below it",
                node.selfId(), log.logStartOffset());
    }

    /** The state machine takes the snapshot's state; everything below its end offset is committed and applied. */
    private void restoreFrom(RaftSnapshot s) {
        applier.restore(s);
        highWatermark = Math.max(highWatermark, s.endOffset());
    }

    /** The newest durable snapshot's id, or null. */
    OffsetAndEpoch latestSnapshot() {
        return snapshots.latest();
    }

    Log log() {
        return log;
    }

    long highWatermark() {
        return highWatermark;
    }

    long logEndOffset() {
        return log.logEndOffset();
    }

    /** The epoch of the last entry: the log's, or, if the log is empty right after a snapshot, the snapshot's. */
    int lastEpoch() {
        if (log.latestEpoch().isPresent()) {
            return log.latestEpoch().getAsInt();
        }
        OffsetAndEpoch s = snapshots.latest();
        return s != null && s.endOffset() == log.logEndOffset() ? s.epoch() : 0;
    }

    /** Raft's election restriction (§5.4.1): the candidate's last entry is at least as recent as ours. */
    boolean isUpToDate(int candidateLastEpoch, long candidateEndOffset) {
        int mine = lastEpoch();
        return candidateLastEpoch > mine || (candidateLastEpoch == mine && candidateEndOffset >= log.logEndOffset());
    }

    long nsSinceLeaderContact(long nowNs) {
        return lastLeaderContactNs == NEVER ? Long.MAX_VALUE : nowNs - lastLeaderContactNs;
    }

    void forgetLeader() {
        lastLeaderContactNs = NEVER;
    }

    long msSinceQuorumContact(long nowNs) {
        LeaderState leader = activeLeadership();
        return leader == null ? 0 : leader.quorumContactAgeNs(nowNs) / 1_000_000L;
    }

    void rememberLeadership(LeaderState leader) {
        retired = leader;
    }

    /** The leadership this node exercises: its {@link LeaderState}, or null. */
    LeaderState activeLeadership() {
        EpochState s = node.quorumState().state();
        if (s instanceof LeaderState l) {
            return l;
        }
        // Mutation.RAFT_RESIGNED_ACTS_AS_LEADER: a resigned leader keeps appending and serving fetches
        if (s instanceof ResignedState && retired != null && retired.epoch() == s.epoch()
                && config.mutations().on(Mutation.RAFT_RESIGNED_ACTS_AS_LEADER)) {
            return retired;
        }
        return null;
    }

    void onRoleChange(EpochState s, long nowNs) {
        env.timers().cancel(fetchTimer);
        fetchTimer = Timers.NO_TIMER;
        inFlightRequestId = 0;
        download.abandon(); // a new leader may not hold that snapshot: the next fetch names the one to get
        if (s instanceof FollowerState) {
            lastLeaderContactNs = nowNs;
            if (config.mutations().on(Mutation.RAFT_TRUNCATE_BELOW_HW) && highWatermark < log.logEndOffset()) {
                // Mutation.RAFT_TRUNCATE_BELOW_HW: truncate by the (volatile) high watermark, not by epoch
                log.truncateTo(highWatermark);
            }
            sendFetch();
        } else if (fetchesWhileProspective(s)) {
            sendFetch(); // KIP-996: keep fetching from the known leader while asking for pre-votes
        } else if (node.isObserver() && s instanceof UnattachedState) {
            sendFetch(); // an observer asks the voters who leads
        }
    }

    // ---------------------------------------------------------------- follower

    /** A Prospective node that left a live leader's epoch still knows that leader, and keeps fetching from it. */
    private static boolean fetchesWhileProspective(EpochState s) {
        return s instanceof ProspectiveState && s.leaderId() != EpochState.NO_ID;
    }

    /**
     * Where the next fetch goes: the leader; or, for an observer that knows no leader or has not heard from it for
     * the fetch timeout, a voter drawn at random, which answers with the leader it knows.
     */
    private int fetchTarget(EpochState s, long nowNs) {
        boolean lost = s instanceof UnattachedState
                || nsSinceLeaderContact(nowNs) >= RaftNode.ms(config.fetchTimeoutMs());
        if (node.isObserver() && lost) {
            List<Integer> voters = config.voters();
            return voters.get(env.entropy().nextInt(voters.size()));
        }
        return s.leaderId();
    }

    private void sendFetch() {
        EpochState f = node.quorumState().state();
        boolean observerSearching = node.isObserver() && f instanceof UnattachedState;
        if (!(f instanceof FollowerState || fetchesWhileProspective(f) || observerSearching) || inFlightRequestId != 0
                || download.installing()) {
            return;
        }
        int target = fetchTarget(f, node.now());
        if (download.active() && !(f instanceof FollowerState)) {
            download.abandon(); // only a follower downloads: the next answer names the snapshot again
        }
        if (download.active()) {
            inFlightRequestId = ++nextRequestId;
            env.network().send(target, download.request(f.epoch(), node.selfId(), inFlightRequestId));
            armFetchTimer(RaftNode.ms(config.requestTimeoutMs()), true);
            return;
        }
        boolean unsafe = config.mutations().on(Mutation.RAFT_HW_ON_UNFLUSHED);
        if (log.recoveryPoint() < log.logEndOffset() && !followerFlushing) {
            // the fetch offset we report must be durable here: the leader counts it toward the high watermark
            followerFlushing = true;
            log.flush((durableOffset, error) -> {
                followerFlushing = false;
                if (failed(error)) {
                    return;
                }
                if (!unsafe) {
                    sendFetch();
                }
            });
        }
        // Mutation.RAFT_HW_ON_UNFLUSHED: report the log end before it is durable
        if (followerFlushing && !unsafe) {
            return;
        }
        inFlightRequestId = ++nextRequestId;
        env.network().send(target, new FetchRequest(f.epoch(), node.selfId(), log.logEndOffset(),
                lastEpoch(), inFlightRequestId));
        armFetchTimer(RaftNode.ms(config.requestTimeoutMs()), true);
    }

    private void armFetchTimer(long delayNs, boolean abandonInFlight) {
        env.timers().cancel(fetchTimer);
        fetchTimer = env.timers().schedule(delayNs, () -> {
            fetchTimer = Timers.NO_TIMER;
            if (abandonInFlight) {
                inFlightRequestId = 0;
            }
            sendFetch();
        });
    }

    void onFetchResponse(FetchResponse m, long nowNs) {
        if (m.requestId() != inFlightRequestId) {
            return; // a duplicate, or the answer to a request we gave up on
        }
        inFlightRequestId = 0;
        env.timers().cancel(fetchTimer);
        fetchTimer = Timers.NO_TIMER;
        if (node.observeEpoch(m.epoch(), m.leaderId(), nowNs, "fetch response")) {
            return;
        }
        EpochState s = node.quorumState().state();
        if (node.isObserver() && s instanceof UnattachedState && m.epoch() == s.epoch()
                && m.leaderId() != EpochState.NO_ID) {
            node.becomeFollower(s.epoch(), m.leaderId(), nowNs, "a voter names the leader");
            if (m.error() != FetchResponse.Error.NONE) {
                return; // (becoming a follower sent a fetch to the leader)
            }
            s = node.quorumState().state();
        }
        if (fetchesWhileProspective(s) && m.epoch() == s.epoch() && m.error() == FetchResponse.Error.NONE) {
            // KIP-996: the leader answered, so it is alive and ours: stop standing and follow it again
            node.becomeFollower(s.epoch(), s.leaderId(), nowNs, "fetch response from the leader");
            return;
        }
        if (!(s instanceof FollowerState f) || m.epoch() != f.epoch()) {
            if (node.isObserver()) {
                armFetchTimer(RaftNode.ms(config.fetchIntervalMs()), false); // ask (another voter) again soon
            }
            return;
        }
        if (m.error() != FetchResponse.Error.NONE) {
            armFetchTimer(RaftNode.ms(config.fetchIntervalMs()), false);
            return;
        }
        lastLeaderContactNs = nowNs;
        if (m.divergingEpoch() >= 0) {
            truncateToDivergence(m);
            sendFetch();
            return;
        }
        if (m.snapshotEndOffset() >= 0) {
            // KIP-630: what we asked for was trimmed: download the leader's snapshot instead
            download.start(new OffsetAndEpoch(m.snapshotEpoch(), m.snapshotEndOffset()));
            env.trace().event("raft", "fetch " + m.fetchOffset() + " is below the leader's log start: fetch snapshot "
                    + m.snapshotEndOffset() + "-" + m.snapshotEpoch());
            sendFetch();
            return;
        }
        boolean gotRecords = m.records().length > 0 && m.fetchOffset() == log.logEndOffset();
        if (gotRecords) {
            log.appendAsFollower(ByteBuffer.wrap(m.records()));
        }
        advanceHighWatermark(Math.min(m.highWatermark(), log.logEndOffset()));
        if (gotRecords) {
            sendFetch();
        } else {
            armFetchTimer(RaftNode.ms(config.fetchIntervalMs()), false);
        }
    }

    private void truncateToDivergence(FetchResponse m) {
        OffsetAndEpoch local = log.endOffsetForEpoch(m.divergingEpoch());
        long target = local.endOffset() < 0 ? m.divergingEndOffset()
                : Math.min(m.divergingEndOffset(), local.endOffset());
        // KIP-595: a correct leader never reports a divergence below what this node knows is committed
        Invariant.check(target >= highWatermark, "n%d: divergence at %d (epoch %d) is below the high watermark %d",
                node.selfId(), target, m.divergingEpoch(), highWatermark);
        env.trace().event("raft", "diverged from leader at epoch " + m.divergingEpoch() + ": truncate to " + target);
        log.truncateTo(target);
    }

    // ---------------------------------------------------------------- leader

    void onFetchRequest(int from, FetchRequest m, long nowNs) {
        if (node.observeEpoch(m.epoch(), EpochState.NO_ID, nowNs, "fetch from n" + from)) {
            return;
        }
        QuorumState quorum = node.quorumState();
        LeaderState leader = activeLeadership();
        if (leader == null || m.epoch() < leader.epoch()) {
            FetchResponse.Error error = leader == null ? FetchResponse.Error.NOT_LEADER
                    : FetchResponse.Error.FENCED_LEADER_EPOCH;
            env.network().send(from, new FetchResponse(quorum.epoch(), quorum.leaderId(), error, m.requestId(),
                    m.fetchOffset(), -1, -1, -1, null));
            return;
        }
        OffsetAndEpoch snapshot = snapshots.latest();
        if (snapshot != null && m.fetchOffset() < log.logStartOffset()) {
            sendSnapshotId(from, leader, m, snapshot, nowNs); // KIP-630: those records are only in the snapshot
            return;
        }
        // KIP-630: a follower whose log starts at our snapshot is checked against the snapshot's id
        boolean atSnapshot = snapshot != null && m.fetchOffset() == snapshot.endOffset()
                && m.lastFetchedEpoch() == snapshot.epoch();
        if (!atSnapshot && (m.fetchOffset() > 0 || m.lastFetchedEpoch() > 0)) {
            OffsetAndEpoch end = log.endOffsetForEpoch(m.lastFetchedEpoch());
            if (snapshot != null && log.logStartOffset() > 0 && end.endOffset() <= log.logStartOffset()
                    && !config.mutations().on(Mutation.RAFT_DIVERGE_BELOW_LOG_START)) {
                // KIP-630: the epoch ends at or below our log start, where the trimmed epochs are unknown: an answer
                // from the epoch cache would be a guess (and could keep a divergent entry), the snapshot is not
                sendSnapshotId(from, leader, m, snapshot, nowNs);
                return;
            }
            if (end.epoch() != m.lastFetchedEpoch() || m.fetchOffset() > end.endOffset()) {
                // KIP-101/595: tell the follower where our logs part; it truncates there and fetches again
                int epoch = Math.max(0, end.epoch());
                long offset = Math.max(0, end.endOffset());
                env.network().send(from, new FetchResponse(leader.epoch(), node.selfId(), FetchResponse.Error.NONE,
                        m.requestId(), m.fetchOffset(), highWatermark, epoch, offset, null));
                return;
            }
        }
        leader.onFetch(from, m.fetchOffset(), nowNs);
        maybeAdvanceLeaderHighWatermark(leader);
        MemoryRecords records = log.read(m.fetchOffset(), config.maxFetchBytes());
        ByteBuffer buf = records.buffer().duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        env.network().send(from, new FetchResponse(leader.epoch(), node.selfId(), FetchResponse.Error.NONE,
                m.requestId(), m.fetchOffset(), highWatermark, -1, -1, bytes));
    }

    private void sendSnapshotId(int from, LeaderState leader, FetchRequest m, OffsetAndEpoch snapshot, long nowNs) {
        leader.onFetch(from, 0, nowNs); // a live follower (check-quorum), with no progress to count
        env.network().send(from, new FetchResponse(leader.epoch(), node.selfId(), FetchResponse.Error.NONE,
                m.requestId(), m.fetchOffset(), highWatermark, -1, -1, null, snapshot.endOffset(), snapshot.epoch()));
    }

    /** The leader-change control record that opens the epoch (KIP-595): committing it commits the epoch. */
    void appendLeaderChange(LeaderState leader) {
        controlBuilder.append(env.clock().wallMillis(), null, RaftNode.leaderChangeValue(leader.epoch(),
                node.selfId()));
        log.appendAsLeader(controlBuilder.build(), leader.epoch());
        afterLeaderAppend(leader);
    }

    long appendAsLeader(List<byte[]> records, boolean control) {
        LeaderState leader = activeLeadership();
        Invariant.check(leader != null, "n%d appends without leading", node.selfId());
        if (records.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        long wallMs = env.clock().wallMillis();
        for (byte[] r : records) {
            dataBuilder.append(wallMs, null, r);
        }
        long first = log.appendAsLeader(dataBuilder.build(), leader.epoch()).firstOffset();
        afterLeaderAppend(leader);
        return first;
    }

    private void afterLeaderAppend(LeaderState leader) {
        if (config.mutations().on(Mutation.RAFT_HW_ON_UNFLUSHED)) {
            // Mutation.RAFT_HW_ON_UNFLUSHED: the leader's own unflushed entries count
            leader.onLocalDurable(log.logEndOffset());
            maybeAdvanceLeaderHighWatermark(leader);
        }
        flushLeader();
    }

    private void flushLeader() {
        leaderFlush.request();
    }

    /** A leader's flush completed: its own entries count toward the high watermark once durable. */
    private void onLeaderFlushed(long durableOffset, LogStorageException error) {
        if (failed(error)) {
            return;
        }
        LeaderState leader = activeLeadership();
        if (leader != null) {
            leader.onLocalDurable(durableOffset);
            maybeAdvanceLeaderHighWatermark(leader);
        }
    }

    private void maybeAdvanceLeaderHighWatermark(LeaderState leader) {
        long majority = leader.majorityDurableOffset();
        Invariant.check(majority <= log.logEndOffset(), "n%d: majority offset %d past the log end %d",
                node.selfId(), majority, log.logEndOffset());
        advanceHighWatermark(majority);
    }

    // ---------------------------------------------------------------- commit

    private void advanceHighWatermark(long offset) {
        if (offset <= highWatermark) {
            return;
        }
        highWatermark = offset;
        applier.applyUpTo(highWatermark);
    }

    // ---------------------------------------------------------------- snapshot transfer (KIP-630)

    void onFetchSnapshotRequest(int from, FetchSnapshotRequest m, long nowNs) {
        if (node.observeEpoch(m.epoch(), EpochState.NO_ID, nowNs, "snapshot fetch from n" + from)) {
            return;
        }
        QuorumState quorum = node.quorumState();
        LeaderState leader = activeLeadership();
        OffsetAndEpoch id = new OffsetAndEpoch(m.snapshotEpoch(), m.snapshotEndOffset());
        FetchResponse.Error error = leader == null ? FetchResponse.Error.NOT_LEADER
                : m.epoch() < leader.epoch() ? FetchResponse.Error.FENCED_LEADER_EPOCH : FetchResponse.Error.NONE;
        long sizeBytes = snapshots.sizeBytes(id);
        if (error == FetchResponse.Error.NONE && (sizeBytes < 0 || m.position() > sizeBytes)) {
            error = FetchResponse.Error.SNAPSHOT_NOT_FOUND;
        }
        if (error != FetchResponse.Error.NONE) {
            env.network().send(from, new FetchSnapshotResponse(quorum.epoch(), quorum.leaderId(), error,
                    m.requestId(), m.snapshotEndOffset(), m.snapshotEpoch(), -1, m.position(), null));
            return;
        }
        leader.onFetch(from, 0, nowNs);
        byte[] chunk = snapshots.readChunk(id, m.position(), config.maxFetchBytes());
        env.network().send(from, new FetchSnapshotResponse(leader.epoch(), node.selfId(), error, m.requestId(),
                m.snapshotEndOffset(), m.snapshotEpoch(), sizeBytes, m.position(), chunk));
    }

    void onFetchSnapshotResponse(FetchSnapshotResponse m, long nowNs) {
        if (m.requestId() != inFlightRequestId) {
            return;
        }
        inFlightRequestId = 0;
        env.timers().cancel(fetchTimer);
        fetchTimer = Timers.NO_TIMER;
        if (node.observeEpoch(m.epoch(), m.leaderId(), nowNs, "snapshot fetch response")) {
            return;
        }
        EpochState s = node.quorumState().state();
        if (!(s instanceof FollowerState f) || m.epoch() != f.epoch() || !download.matches(m)) {
            if (node.isObserver()) {
                armFetchTimer(RaftNode.ms(config.fetchIntervalMs()), false); // observers have no other timer
            }
            return;
        }
        if (m.error() == FetchResponse.Error.NONE) {
            lastLeaderContactNs = nowNs;
        } else if (m.error() != FetchResponse.Error.SNAPSHOT_NOT_FOUND) {
            armFetchTimer(RaftNode.ms(config.fetchIntervalMs()), false);
            return;
        }
        download.onResponse(m, snapshot -> {
            if (snapshot != null) {
                install(snapshot);
            }
            sendFetch();
        });
        sendFetch(); // the next chunk, or (abandoned) a plain fetch; nothing while installing
    }

    /** KIP-630: a downloaded snapshot replaces the state machine's state and the log below its end offset. */
    private void install(RaftSnapshot s) {
        if (s.endOffset() <= applier.appliedOffset() || activeLeadership() != null) {
            return; // we got there through the log meanwhile (a leader's log holds every committed record)
        }
        log.truncateFullyAndStartAt(s.endOffset());
        restoreFrom(s);
    }

    /** A failed flush lost the unsynced tail (fsyncgate): the node halts rather than report or count it. */
    private boolean failed(LogStorageException error) {
        if (error != null) {
            node.halt("metadata log flush failed: " + error.getMessage());
            return true;
        }
        return false;
    }
}
