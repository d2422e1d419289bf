package io.gregor.raft;

import io.gregor.common.Invariant;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.env.Timers;
import io.gregor.log.Log;
import io.gregor.log.LogHealth;
import io.gregor.log.LogStorageException;
import io.gregor.log.OffsetAndEpoch;
import io.gregor.mutation.Mutation;
import io.gregor.raft.RaftMessage.BeginQuorumEpochRequest;
import io.gregor.raft.RaftMessage.EndQuorumEpochRequest;
import io.gregor.raft.RaftMessage.FetchRequest;
import io.gregor.raft.RaftMessage.FetchResponse;
import io.gregor.raft.RaftMessage.FetchSnapshotRequest;
import io.gregor.raft.RaftMessage.FetchSnapshotResponse;
import io.gregor.raft.RaftMessage.VoteRequest;
import io.gregor.raft.RaftMessage.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One replica of the KRaft quorum's log (KIP-595): a voter, with elections and pre-vote, or an observer. The pull
 * side — fetching, divergence truncation, the high watermark and delivery of committed records — lives in {@link
 * Replication}; this class owns the roles, the timers and the message dispatch.
 *
 * <h2>Observers</h2>
 * A node whose id is not among {@link RaftConfig#voters()} is an <em>observer</em> (a KRaft broker replicating the
 * metadata log): it fetches and applies committed records like a follower, but never stands, never votes, and its
 * fetches count neither toward the high watermark nor toward check-quorum. It has no election timer: while it knows
 * no leader, or its leader has not answered for the fetch timeout, it sends its fetches to a voter drawn at random
 * (Kafka's bootstrap servers), and follows the leader that voter names.
 *
 * <p>Construct one per node with the shared {@link RaftConfig} and a fresh {@link StateMachine}; the simulator
 * calls the factory again at every restart, and the node rebuilds itself from its disk: the quorum-state file and
 * the log ({@link RaftConfig#LOG_DIR}) and, with snapshots on, the latest valid snapshot in it (KIP-630).
 */
public final class RaftNode implements Node {

    private final RaftConfig config;
    private final StateMachine stateMachine;
    private FatalErrorHandler fatalErrorHandler = (nodeId, reason) -> {
        throw new IllegalStateException("n" + nodeId + ": " + reason);
    };
    private boolean halted;
    private Env env;
    private int selfId;
    private boolean observer;
    private QuorumState quorum;
    private Replication replication;
    private long roleTimer = Timers.NO_TIMER;
    private long leaderTimer = Timers.NO_TIMER;

    public RaftNode(RaftConfig config, StateMachine stateMachine) {
        this.config = config;
        this.stateMachine = stateMachine;
    }

    /**
     * What the node's process does when its storage fails: a failed fsync of the metadata log or the quorum-state
     * file (after which the unsynced data is lost, fsyncgate), or a log that cannot be recovered. Kafka halts the
     * process; the simulator's supervisor crashes the node and restarts it over what its disk kept.
     */
    @FunctionalInterface
    public interface FatalErrorHandler {
        void halt(int nodeId, String reason);
    }

    /**
     * Sets the {@link FatalErrorHandler} (call before {@link #start}); the default throws, so a storage failure is
     * loud in tests that inject none. Once halted the node goes silent at once — no message, timer or fsync
     * completion reaches it — since it must not act on state its disk may not hold.
     */
    public void onFatalError(FatalErrorHandler handler) {
        this.fatalErrorHandler = handler;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(Env nodeEnv) {
        this.env = HaltableEnv.wrap(nodeEnv, () -> halted, this::guarded);
        this.selfId = env.nodeId();
        this.observer = !config.voters().contains(selfId);
        QuorumStateStore store = QuorumStateStore.open(env.disk());
        store.onFailure(this::halt);
        Log log;
        try {
            log = Log.open(env.disk(), RaftConfig.LOG_DIR, config.logConfig(), env.clock(), env.trace(),
                    config.mutations());
        } catch (LogStorageException e) {
            halt("the metadata log cannot be recovered: " + e.getMessage());
            return;
        }
        SnapshotStore snapshots = new SnapshotStore(env.disk(), RaftConfig.LOG_DIR, env.trace());
        RaftSnapshot loaded = snapshots.open();
        ElectionState durable = store.durable();
        int logEpoch = Math.max(log.latestEpoch().orElse(0), loaded == null ? 0 : loaded.epoch());
        EpochState initial;
        if (logEpoch > durable.epoch()) {
            // the epoch write was lost in a crash, but the log saw the epoch: never act in an older one
            initial = new UnattachedState(logEpoch, EpochState.NO_ID);
            store.write(ElectionState.of(initial), null);
        } else if (durable.leaderId() == selfId && !observer) {
            initial = new ResignedState(durable.epoch(), selfId, List.of());
        } else if (durable.leaderId() != EpochState.NO_ID) {
            initial = new FollowerState(durable.epoch(), durable.leaderId(), durable.votedId());
        } else {
            initial = new UnattachedState(durable.epoch(), durable.votedId());
        }
        quorum = new QuorumState(selfId, config.voters(), store, env.trace(), initial);
        replication = new Replication(this, config, env, log, stateMachine, snapshots, loaded);
        onEnter(now());
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (!halted) {
            guarded(() -> dispatch(fromNodeId, message));
        }
    }

    private void dispatch(int fromNodeId, Object message) {
        boolean fromVoter = config.voters().contains(fromNodeId);
        // anyone may fetch (observers do); only voters take part in elections or answer as leaders
        boolean fetch = message instanceof FetchRequest || message instanceof FetchSnapshotRequest;
        if (!(message instanceof RaftMessage) || !(fromVoter || (fetch && !observer))) {
            env.trace().event("raft", "ignored " + message.getClass().getSimpleName() + " from n" + fromNodeId);
            return;
        }
        long nowNs = now();
        if (message instanceof VoteRequest m) {
            onVoteRequest(fromNodeId, m, nowNs);
        } else if (message instanceof VoteResponse m) {
            onVoteResponse(fromNodeId, m, nowNs);
        } else if (message instanceof BeginQuorumEpochRequest m) {
            onBeginQuorumEpoch(m, nowNs);
        } else if (message instanceof EndQuorumEpochRequest m) {
            onEndQuorumEpoch(m, nowNs);
        } else if (message instanceof FetchRequest m) {
            replication.onFetchRequest(fromNodeId, m, nowNs);
        } else if (message instanceof FetchResponse m) {
            replication.onFetchResponse(m, nowNs);
        } else if (message instanceof FetchSnapshotRequest m) {
            replication.onFetchSnapshotRequest(fromNodeId, m, nowNs);
        } else if (message instanceof FetchSnapshotResponse m) {
            replication.onFetchSnapshotResponse(m, nowNs);
        } else {
            throw new IllegalStateException("unhandled raft message " + message);
        }
    }

    /**
     * Runs one event's work; a storage failure it meets — the metadata log refusing an operation, or left failed by
     * a checkpoint whose fsync failed — halts the node instead of escaping or being ignored.
     */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (LogStorageException e) {
            halt("metadata log failure: " + e.getMessage());
            return;
        }
        if (!halted && replication != null && replication.log().health().state() == LogHealth.State.FAILED) {
            halt("metadata log failed: " + replication.log().health().reason());
        }
    }

    /** Stops acting for good (this incarnation) and asks the process to halt. */
    void halt(String reason) {
        if (halted) {
            return;
        }
        halted = true;
        env.trace().event("raft", "halting: " + reason);
        fatalErrorHandler.halt(selfId, reason);
    }

    /** Whether this incarnation halted on a storage failure. */
    public boolean halted() {
        return halted;
    }

    // ---------------------------------------------------------------- the application's API

    /** Appends one record as leader; returns its offset. @throws NotLeaderException on any other node */
    public long append(byte[] record) {
        return append(List.of(record));
    }

    /** Appends records as one batch as leader; returns the first one's offset. */
    public long append(List<byte[]> records) {
        if (!halted && replication.activeLeadership() != null) {
            try {
                return replication.appendAsLeader(records, false);
            } catch (LogStorageException e) {
                halt("metadata log append failed: " + e.getMessage());
            }
        }
        throw quorum == null ? new NotLeaderException(EpochState.NO_ID, 0)
                : new NotLeaderException(quorum.leaderId(), quorum.epoch());
    }

    /** Steps down gracefully (EndQuorumEpoch, KIP-595): the most caught-up voters are asked to stand first. */
    public void resign() {
        if (!halted && quorum.state() instanceof LeaderState leader) {
            resignAs(leader, "requested", now());
        }
    }

    // ---------------------------------------------------------------- white-box views (simulator checks)

    public int selfId() {
        return selfId;
    }

    /** The node's role and epoch; null only if it halted while starting (its log could not be recovered). */
    public QuorumState quorum() {
        return quorum;
    }

    public Log log() {
        return replication.log();
    }

    public long highWatermark() {
        return replication.highWatermark();
    }

    /** The newest durable snapshot's id (end offset and epoch, KIP-630), or null. */
    public OffsetAndEpoch latestSnapshot() {
        return replication.latestSnapshot();
    }

    /** Whether this node leads (a halted node leads nothing, whatever its last state said). */
    public boolean isLeader() {
        return !halted && quorum != null && quorum.isLeader();
    }

    /** Whether this node replicates the log without a vote (its id is not a voter). */
    public boolean isObserver() {
        return observer;
    }

    /** How long since a majority last fetched, if leading (otherwise 0): check-quorum's measure. */
    public long msSinceQuorumContact() {
        return replication.msSinceQuorumContact(now());
    }

    // ---------------------------------------------------------------- roles and timers

    long now() {
        return env.clock().nanoTime();
    }

    QuorumState quorumState() {
        return quorum;
    }

    /** Changes role and re-arms the role's timers. */
    void transition(EpochState next, long nowNs, String reason, Runnable onDurable) {
        quorum.transitionTo(next, nowNs, reason, onDurable);
        onEnter(nowNs);
    }

    private void onEnter(long nowNs) {
        env.timers().cancel(roleTimer);
        env.timers().cancel(leaderTimer);
        roleTimer = Timers.NO_TIMER;
        leaderTimer = Timers.NO_TIMER;
        EpochState s = quorum.state();
        replication.onRoleChange(s, nowNs);
        if (observer) {
            return; // no elections: Replication keeps looking for the leader through the voters
        }
        if (s instanceof UnattachedState || s instanceof ResignedState || s instanceof ProspectiveState
                || s instanceof CandidateState) {
            armRoleTimer(randomElectionTimeoutNs(), this::onElectionTimeout);
        } else if (s instanceof FollowerState) {
            armRoleTimer(ms(config.fetchTimeoutMs()), this::onFetchTimeoutCheck);
        } else if (s instanceof LeaderState) {
            armLeaderTimer();
        }
    }

    private void armRoleTimer(long delayNs, Runnable action) {
        env.timers().cancel(roleTimer);
        roleTimer = env.timers().schedule(delayNs, action);
    }

    private long randomElectionTimeoutNs() {
        return ms(config.electionTimeoutMs()) + env.entropy().between(0, ms(config.electionTimeoutMs()));
    }

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private void onElectionTimeout() {
        roleTimer = Timers.NO_TIMER;
        long nowNs = now();
        EpochState s = quorum.state();
        if (s instanceof CandidateState) {
            // lost or split: back off, then pre-vote again (KIP-996: a candidate falls back to prospective)
            armRoleTimer(env.entropy().between(1, ms(config.electionBackoffMaxMs())), () -> startPreVote(now()));
        } else {
            startPreVote(nowNs);
        }
    }

    private void onFetchTimeoutCheck() {
        roleTimer = Timers.NO_TIMER;
        long nowNs = now();
        long idleNs = replication.nsSinceLeaderContact(nowNs);
        if (idleNs >= ms(config.fetchTimeoutMs())) {
            startPreVote(nowNs);
        } else {
            armRoleTimer(ms(config.fetchTimeoutMs()) - idleNs, this::onFetchTimeoutCheck);
        }
    }

    // ---------------------------------------------------------------- elections

    private void startPreVote(long nowNs) {
        EpochState s = quorum.state();
        if (s instanceof LeaderState || observer) {
            return;
        }
        transition(new ProspectiveState(s.epoch(), s.leaderId(), s.votedId(), selfId), nowNs, "election timeout",
                null);
        if (config.majority() == 1 || config.mutations().on(Mutation.RAFT_NO_PRE_VOTE)) {
            // a single voter grants itself everything; Mutation.RAFT_NO_PRE_VOTE: skip KIP-996's pre-vote
            becomeCandidate(nowNs);
            return;
        }
        VoteRequest request = new VoteRequest(s.epoch() + 1, selfId, replication.lastEpoch(),
                replication.logEndOffset(), true);
        sendToOthers(request);
    }

    private void becomeCandidate(long nowNs) {
        int epoch = quorum.epoch() + 1;
        transition(new CandidateState(epoch, selfId), nowNs, "won pre-vote", () -> {
            // ask only once our own vote is durable: after a crash we must not vote for someone else in this epoch
            if (config.majority() == 1) {
                becomeLeaderIfCandidate(epoch, now());
            } else if (quorum.state() instanceof CandidateState c && c.epoch() == epoch) {
                sendToOthers(new VoteRequest(epoch, selfId, replication.lastEpoch(), replication.logEndOffset(),
                        false));
            }
        });
    }

    private void becomeLeaderIfCandidate(int epoch, long nowNs) {
        if (quorum.state() instanceof CandidateState c && c.epoch() == epoch) {
            LeaderState leader = new LeaderState(epoch, selfId, replication.logEndOffset(), config.voters(), nowNs);
            transition(leader, nowNs, "won election", null);
            replication.appendLeaderChange(leader);
            sendToOthers(new BeginQuorumEpochRequest(epoch, selfId));
        }
    }

    private void onVoteRequest(int from, VoteRequest m, long nowNs) {
        EpochState s = quorum.state();
        if (observer) {
            env.network().send(from, new VoteResponse(s.epoch(), false, m.preVote(), s.leaderId()));
            return;
        }
        boolean upToDate = replication.isUpToDate(m.lastEpoch(), m.lastOffset())
                // Mutation.RAFT_VOTE_WITHOUT_LOG_CHECK: skip Raft's election restriction
                || config.mutations().on(Mutation.RAFT_VOTE_WITHOUT_LOG_CHECK);
        if (m.preVote()) {
            if (m.epoch() - 1 > s.epoch()) {
                // a pre-vote asks for the epoch after the candidate's own; an own epoch past ours means we are
                // behind it: catch up first, as on any request of a later epoch (KIP-996). Otherwise a voter whose
                // election failed after it had won its pre-votes waits for ever, ignoring the refusals of a leader
                // of an earlier epoch that never heard its real vote requests (cluster job, seed 2328)
                transition(new UnattachedState(m.epoch() - 1, EpochState.NO_ID), nowNs,
                        "pre-vote request from n" + from + " of a later epoch", null);
                s = quorum.state();
            }
            // KIP-996: refuse while we still hear from a leader, so a partitioned node cannot disrupt the quorum
            boolean grant = m.epoch() > s.epoch() && upToDate && !hearsFromLeader(nowNs);
            env.network().send(from, new VoteResponse(s.epoch(), grant, true, s.leaderId()));
            return;
        }
        if (m.epoch() < s.epoch()) {
            env.network().send(from, new VoteResponse(s.epoch(), false, false, s.leaderId()));
            return;
        }
        if (m.epoch() > s.epoch()) {
            transition(new UnattachedState(m.epoch(), EpochState.NO_ID), nowNs, "vote request from n" + from, null);
            s = quorum.state();
        }
        boolean free = s.votedId() == EpochState.NO_ID && s.leaderId() == EpochState.NO_ID
                && (s instanceof UnattachedState || s instanceof ProspectiveState);
        boolean again = s.votedId() == m.candidateId();
        if (!(upToDate && (free || again))) {
            env.network().send(from, new VoteResponse(s.epoch(), false, false, s.leaderId()));
            return;
        }
        VoteResponse granted = new VoteResponse(m.epoch(), true, false, EpochState.NO_ID);
        if (config.mutations().on(Mutation.RAFT_VOTE_BEFORE_DURABLE)) {
            // Mutation.RAFT_VOTE_BEFORE_DURABLE: the reply leaves before the vote is on disk
            env.network().send(from, granted);
        }
        Runnable reply = config.mutations().on(Mutation.RAFT_VOTE_BEFORE_DURABLE) ? null
                : () -> env.network().send(from, granted);
        if (free) {
            // KIP-595: the vote is durable before the reply leaves
            transition(new UnattachedState(m.epoch(), m.candidateId()), nowNs, "voted for n" + from, reply);
        } else if (reply != null) {
            quorum.whenDurable(reply);
        }
    }

    private boolean hearsFromLeader(long nowNs) {
        EpochState s = quorum.state();
        return s instanceof LeaderState
                || (s instanceof FollowerState && replication.nsSinceLeaderContact(nowNs) < ms(config.fetchTimeoutMs()));
    }

    private void onVoteResponse(int from, VoteResponse m, long nowNs) {
        if (observeEpoch(m.epoch(), m.leaderId(), nowNs, "vote response from n" + from)) {
            return;
        }
        EpochState s = quorum.state();
        if (m.epoch() == s.epoch() && m.leaderId() != EpochState.NO_ID && m.leaderId() != selfId
                && s.leaderId() == EpochState.NO_ID && !(s instanceof CandidateState)) {
            // KIP-996: a refusal naming the leader of our own epoch ends the search — follow it. Without this, a
            // voter that restarted not knowing the leader (the leader sends BeginQuorumEpoch only to voters that
            // never fetched in its epoch) asks for pre-votes forever and never fetches (cluster job, seed 49)
            becomeFollower(m.epoch(), m.leaderId(), nowNs, "vote response from n" + from + " names the leader");
            return;
        }
        if (m.preVote() && s instanceof ProspectiveState p) {
            if (p.record(from, m.granted()) >= config.majority()) {
                becomeCandidate(nowNs);
            }
        } else if (!m.preVote() && s instanceof CandidateState c && m.epoch() == c.epoch()) {
            if (c.record(from, m.granted()) >= config.majority()) {
                becomeLeaderIfCandidate(c.epoch(), nowNs);
            } else if (c.rejections() >= config.majority()) {
                armRoleTimer(env.entropy().between(1, ms(config.electionBackoffMaxMs())), () -> startPreVote(now()));
            }
        }
    }

    private void onBeginQuorumEpoch(BeginQuorumEpochRequest m, long nowNs) {
        EpochState s = quorum.state();
        if (m.epoch() < s.epoch()
                || (m.epoch() == s.epoch() && s.leaderId() == m.leaderId() && !(s instanceof ProspectiveState))) {
            return; // (a Prospective node that hears its leader announce itself again goes back to following it)
        }
        Invariant.check(m.epoch() > s.epoch() || !(s instanceof LeaderState),
                "n%d leads epoch %d but n%d claims it too", selfId, s.epoch(), m.leaderId());
        becomeFollower(m.epoch(), m.leaderId(), nowNs, "BeginQuorumEpoch");
    }

    private void onEndQuorumEpoch(EndQuorumEpochRequest m, long nowNs) {
        if (observeEpoch(m.epoch(), EpochState.NO_ID, nowNs, "EndQuorumEpoch")) {
            return;
        }
        EpochState s = quorum.state();
        if (s instanceof FollowerState f && f.leaderId() == m.leaderId() && f.epoch() == m.epoch()) {
            replication.forgetLeader();
            int position = m.preferredSuccessors().indexOf(selfId);
            // KIP-595: preferred successors skip (part of) the election timeout, the first one entirely
            long delayNs = position <= 0 ? 1 : position * ms(config.electionBackoffMaxMs())
                    + env.entropy().between(0, ms(config.electionBackoffMaxMs()));
            armRoleTimer(delayNs, () -> startPreVote(now()));
        }
    }

    /**
     * Reacts to an epoch seen in any message: a higher one ends ours (following its leader if named). Returns true
     * if the role changed.
     */
    boolean observeEpoch(int epoch, int leaderId, long nowNs, String reason) {
        if (epoch <= quorum.epoch()) {
            return false;
        }
        if (leaderId != EpochState.NO_ID && leaderId != selfId) {
            becomeFollower(epoch, leaderId, nowNs, reason);
        } else {
            transition(new UnattachedState(epoch, EpochState.NO_ID), nowNs, reason, null);
        }
        return true;
    }

    void becomeFollower(int epoch, int leaderId, long nowNs, String reason) {
        EpochState s = quorum.state();
        int voted = epoch == s.epoch() ? s.votedId() : EpochState.NO_ID;
        transition(new FollowerState(epoch, leaderId, voted), nowNs, reason, null);
    }

    // ---------------------------------------------------------------- leading

    private void armLeaderTimer() {
        leaderTimer = env.timers().schedule(ms(Math.max(1, config.fetchTimeoutMs() / 4)), this::onLeaderTick);
    }

    private void onLeaderTick() {
        leaderTimer = Timers.NO_TIMER;
        long nowNs = now();
        if (!(quorum.state() instanceof LeaderState leader)) {
            return;
        }
        if (!leader.hasQuorumContact(nowNs, ms(config.fetchTimeoutMs()))
                // Mutation.RAFT_NO_CHECK_QUORUM: a leader cut off from the majority keeps leading
                && !config.mutations().on(Mutation.RAFT_NO_CHECK_QUORUM)) {
            resignAs(leader, "check-quorum: no fetch from a majority in " + config.fetchTimeoutMs() + " ms", nowNs);
            return;
        }
        for (int voter : leader.votersNotFetched()) {
            env.network().send(voter, new BeginQuorumEpochRequest(leader.epoch(), selfId));
        }
        armLeaderTimer();
    }

    private void resignAs(LeaderState leader, String reason, long nowNs) {
        List<Integer> successors = leader.successorsByProgress();
        replication.rememberLeadership(leader);
        transition(new ResignedState(leader.epoch(), selfId, successors), nowNs, reason, null);
        sendToOthers(new EndQuorumEpochRequest(leader.epoch(), selfId, successors));
    }

    private void sendToOthers(Object message) {
        for (int voter : config.voters()) {
            if (voter != selfId) {
                env.network().send(voter, message);
            }
        }
    }

    /** The value of a leader-change control record. */
    static byte[] leaderChangeValue(int epoch, int leaderId) {
        return ("leader-change epoch=" + epoch + " leader=" + leaderId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RaftNode[n" + selfId + " " + (quorum == null ? "not started" : quorum.state()) + "]";
    }
}
