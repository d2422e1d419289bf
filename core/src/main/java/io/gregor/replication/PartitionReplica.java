package io.gregor.replication;

import io.gregor.common.Invariant;
import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controller.PartitionRegistration;
import io.gregor.env.Trace;
import io.gregor.log.AppendError;
import io.gregor.log.CoalescingFlush;
import io.gregor.log.LeaderAppendResult;
import io.gregor.log.Log;
import io.gregor.log.LogAppendInfo;
import io.gregor.log.LogException;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.OffsetAndEpoch;
import io.gregor.log.RecordBatch;
import io.gregor.mutation.Mutation;
import io.gregor.replication.ReplicaMessage.DivergingEpoch;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochRequest;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One partition's replica on one broker (Kafka's {@code Partition}): leader or follower as the controller's
 * {@link PartitionRegistration} says, as a deterministic state machine the broker drives. It does no I/O of its own
 * beyond its {@link Log}; the broker delivers requests and responses and sends what this class hands back.
 *
 * <h2>Roles</h2>
 * {@link Role#NONE} until the first registration naming this broker, then {@link Role#LEADER} or
 * {@link Role#FOLLOWER} of a leader epoch. Any registration with a newer leader epoch starts a new role, even for the
 * same leader (KAFKA-7164); one with an older leader epoch is ignored; one with the same leader epoch and a newer
 * partition epoch updates the ISR only.
 *
 * <h2>The broker's loop</h2>
 * <ul>
 *   <li>{@link #onMetadata} for every metadata image change of this partition;</li>
 *   <li>as leader: {@link #handleFetch}, {@link #handleProduce}, {@link #handleOffsetForLeaderEpoch}; send what
 *       {@link #nextAlterPartition} returns to the controller and deliver the answer to
 *       {@link #onAlterPartitionResponse};</li>
 *   <li>as follower: send {@link #nextFetchRequest} to {@link #leaderId()} and deliver the answer to
 *       {@link #handleFetchResponse};</li>
 *   <li>{@link #tick} at {@link #nextDeadlineNs()} (ISR shrink, produce timeouts, fetch and AlterPartition
 *       retries).</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * With {@link ReplicaConfig#flushOnAppend()} off (Kafka's default) nothing is fsynced for replication's sake: an
 * offset is committed once every ISR member has it in its page cache, and a crashed broker must leave the ISR (the
 * controller fences it) before it can lose that data, so committed data survives as long as one ISR member does not
 * crash. With it on, the leader fsyncs every append and counts only its durable offset toward the high watermark
 * and acks=1, and followers fsync before each fetch, so committed data survives any crash.
 */
public final class PartitionReplica {

    /** The replica's role in its current leader epoch. */
    public enum Role { NONE, LEADER, FOLLOWER }

    private final int brokerId;
    private final Log log;
    private final ReplicaConfig config;
    private final Trace trace;
    private final PendingProduces pendingProduces = new PendingProduces();
    /** The leader's flushes with {@code flushOnAppend}: one at a time, coalesced. */
    private final CoalescingFlush leaderFlush;
    private Role role = Role.NONE;
    private int leaderEpoch = -1;
    private int partitionEpoch = -1;
    private PartitionRegistration registration;
    private LeaderState leader;
    private FollowerFetcher follower;
    private long highWatermark;
    private ReplicaAudit audit = ReplicaAudit.NONE;
    /** Tells the audit of each acks=all write answered with success (one object, not one per high watermark move). */
    private final LongConsumer acknowledged = requiredOffset -> audit.acknowledged(this, requiredOffset);
    private Runnable wakeup = () -> { };

    public PartitionReplica(int brokerId, Log log, ReplicaConfig config, Trace trace) {
        this.brokerId = brokerId;
        this.log = log;
        this.config = config;
        this.trace = trace;
        // the high watermark is not checkpointed yet: a restarted replica starts from the log start and learns it
        this.highWatermark = log.logStartOffset();
        this.leaderFlush = new CoalescingFlush(log, (durableOffset, error) -> {
            if (error == null && role == Role.LEADER) {
                maybeIncrementHighWatermark();
            }
            wakeup.run();
        }, () -> role == Role.LEADER);
    }

    /** Who is told of served requests and acknowledged writes (the simulator's invariants). */
    public void audit(ReplicaAudit audit) {
        this.audit = audit;
    }

    /** The audit set with {@link #audit(ReplicaAudit)} ({@link ReplicaAudit#NONE} if none). */
    public ReplicaAudit audit() {
        return audit;
    }

    /**
     * What to run when work became possible outside any request, answer or tick — a flush completed: a follower
     * may fetch again, a leader's high watermark may have moved. The broker sends what {@link #nextFetchRequest}
     * and the others now return.
     */
    public void onWakeup(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    // ---- state ----

    public int brokerId() {
        return brokerId;
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int partitionEpoch() {
        return partitionEpoch;
    }

    /** The leader this replica follows or is, or -1. */
    public int leaderId() {
        return role == Role.LEADER ? brokerId : role == Role.FOLLOWER ? follower.leaderId() : -1;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public Log log() {
        return log;
    }

    /** The ISR as this replica knows it: the leader's committed ISR, or the follower's last registration's. */
    public List<Integer> isr() {
        return leader != null ? leader.isr() : registration == null ? List.of() : registration.isr();
    }

    /** The ISR the leader uses for the high watermark and acks (KIP-497); {@link #isr()} elsewhere. */
    public List<Integer> maximalIsr() {
        return leader != null ? leader.maximalIsr() : isr();
    }

    /** The leader's proposal in flight, or null. */
    public AlterPartitionProposal pendingAlterPartition() {
        return leader == null ? null : leader.pending();
    }

    public int pendingProduceCount() {
        return pendingProduces.size();
    }

    // ---- metadata ----

    /** The controller's state of this partition, as the broker's metadata image now shows it. */
    public void onMetadata(PartitionRegistration next, long nowNs) {
        if (!next.replicas().contains(brokerId)) {
            if (role != Role.NONE) {
                transitionTo(Role.NONE, next, nowNs, "no longer a replica");
            }
            return;
        }
        if (next.leaderEpoch() < leaderEpoch
                || (next.leaderEpoch() == leaderEpoch && next.partitionEpoch() <= partitionEpoch)) {
            if (next.leaderEpoch() < leaderEpoch || next.partitionEpoch() < partitionEpoch) {
                trace.event("replica", log.dir() + " ignored stale registration " + describe(next)
                        + " at leader epoch " + leaderEpoch + " partition epoch " + partitionEpoch);
            }
            return;
        }
        if (next.leaderEpoch() == leaderEpoch && role != Role.NONE) {
            registration = next;
            partitionEpoch = next.partitionEpoch();
            if (leader != null) {
                leader.updateRegistration(next, nowNs);
                maybeIncrementHighWatermark();
            }
            return;
        }
        // KAFKA-7164: a new leader epoch always starts a new role, even with the same leader id, so the follower's
        // fetches are validated against the new epoch.
        transitionTo(next.leader() == brokerId ? Role.LEADER : Role.FOLLOWER, next, nowNs, "leader epoch "
                + next.leaderEpoch());
    }

    /**
     * The one place the role changes. Every transition is allowed (the controller decides); leaving leadership fails
     * the produce requests still waiting, since this replica can no longer say whether they commit.
     */
    private void transitionTo(Role nextRole, PartitionRegistration next, long nowNs, String reason) {
        Role before = role;
        int previousLeader = registration == null ? -1 : registration.leader();
        if (before == Role.LEADER && nextRole != Role.LEADER) {
            pendingProduces.failAll(ReplicationErrors.NOT_LEADER_OR_FOLLOWER, "broker " + brokerId
                    + " is no longer the leader");
        }
        role = nextRole;
        registration = next;
        leaderEpoch = Math.max(leaderEpoch, next.leaderEpoch());
        partitionEpoch = Math.max(partitionEpoch, next.partitionEpoch());
        leader = null;
        follower = null;
        if (nextRole == Role.LEADER) {
            if (config.mutations().on(Mutation.REPL_PRODUCER_STATE_LOST)) {
                log.forgetProducerState(); // Mutation.REPL_PRODUCER_STATE_LOST: retries of old batches look new
            }
            // the first offset of this epoch is our log end now: everything below came from earlier leaders
            leader = new LeaderState(brokerId, next, log.logEndOffset(), nowNs);
            if (config.flushOnAppend() && log.recoveryPoint() < log.logEndOffset()) {
                flushLeader(); // what we copied as a follower counts only once durable
            }
            maybeIncrementHighWatermark();
        } else if (nextRole == Role.FOLLOWER) {
            // KIP-101: no truncation to the high watermark here; the leader's answer to our first fetch says where
            // our log diverges from its own.
            boolean truncateToHw = config.mutations().on(Mutation.REPL_TRUNCATE_TO_HW);
            if (truncateToHw && highWatermark < log.logEndOffset()) {
                // Mutation.REPL_TRUNCATE_TO_HW: pre-KIP-101, cut to the high watermark and skip validation
                log.truncateTo(highWatermark);
            }
            // KAFKA-7164: a new epoch of the same leader is validated like any other
            boolean sameLeader = before == Role.FOLLOWER && previousLeader == next.leader()
                    && config.mutations().on(Mutation.REPL_SAME_LEADER_SKIPS_VALIDATION);
            follower = new FollowerFetcher(brokerId, next.leader(), next.leaderEpoch(), log, config, trace,
                    truncateToHw || sameLeader, () -> wakeup.run());
        }
        trace.event("replica", log.dir() + " broker " + brokerId + " " + before + " -> " + nextRole + " ("
                + reason + ") " + describe(next) + " leo=" + log.logEndOffset() + " hw=" + highWatermark);
    }

    private static String describe(PartitionRegistration r) {
        return "leader=" + r.leader() + " leaderEpoch=" + r.leaderEpoch() + " partitionEpoch=" + r.partitionEpoch()
                + " isr=" + r.isr();
    }

    private ReplicationErrors checkLeader(int currentLeaderEpoch) {
        return LeaderEpochFencing.checkLeader(currentLeaderEpoch, leaderEpoch, role == Role.LEADER,
                config.mutations());
    }

    // ---- leader: fetch ----

    /**
     * A fetch from a follower or a consumer. A follower's last fetched epoch is checked first (KIP-320): if its log
     * leaves ours the answer is the divergence point and nothing else, and its progress is not recorded. Otherwise a
     * follower reads up to our log end and its fetch offset counts as its log end offset; a consumer reads only below
     * the high watermark.
     */
    public FetchResponse handleFetch(FetchRequest request, long nowNs) {
        ReplicationErrors error = checkLeader(request.currentLeaderEpoch());
        if (error != ReplicationErrors.NONE) {
            return FetchResponse.error(error, leaderEpoch);
        }
        FollowerReplicaState follower = null;
        if (request.isFromFollower()) {
            follower = leader.follower(request.replicaId());
            if (follower == null) {
                return FetchResponse.error(ReplicationErrors.NOT_LEADER_OR_FOLLOWER, leaderEpoch);
            }
            audit.served(this, "follower fetch", request.currentLeaderEpoch());
            DivergingEpoch diverging = leader.divergence(log, request.lastFetchedEpoch(), request.fetchOffset());
            if (diverging != null) {
                return new FetchResponse(ReplicationErrors.NONE, leaderEpoch, highWatermark, log.logStartOffset(),
                        log.logEndOffset(), diverging, MemoryRecords.EMPTY);
            }
        }
        if (request.fetchOffset() < log.logStartOffset() || request.fetchOffset() > log.logEndOffset()) {
            return new FetchResponse(ReplicationErrors.OFFSET_OUT_OF_RANGE, leaderEpoch, highWatermark,
                    log.logStartOffset(), log.logEndOffset(), null, MemoryRecords.EMPTY);
        }
        MemoryRecords records;
        try {
            records = request.isFromFollower() ? log.read(request.fetchOffset(), request.maxBytes())
                    : log.read(request.fetchOffset(), request.maxBytes(), highWatermark);
        } catch (LogException e) {
            trace.event("replica", log.dir() + " fetch at " + request.fetchOffset() + " failed: " + e.getMessage());
            return FetchResponse.error(ReplicationErrors.KAFKA_STORAGE_ERROR, leaderEpoch);
        }
        if (follower == null) {
            audit.served(this, "consumer fetch", request.currentLeaderEpoch());
            if (records.sizeInBytes() > 0 && audit != ReplicaAudit.NONE) { // (parsing the batches for it alone)
                List<RecordBatch> batches = records.batchList();
                audit.consumerRead(this, batches.get(batches.size() - 1).nextOffset());
            }
        } else {
            follower.onFetch(request.fetchOffset(), log.logEndOffset(), nowNs);
            leader.maybeExpand(request.replicaId(), highWatermark, nowNs);
            maybeIncrementHighWatermark();
        }
        return new FetchResponse(ReplicationErrors.NONE, leaderEpoch, highWatermark, log.logStartOffset(),
                log.logEndOffset(), null, records);
    }

    // ---- leader: produce ----

    /**
     * Appends a producer's records as leader. {@code done} gets the answer exactly once: at once for a refusal,
     * acks=0 and acks=1 (without {@code flushOnAppend}); for acks=all once the high watermark passes the last
     * offset, or on timeout, or when this replica stops leading.
     */
    public void handleProduce(ProduceRequest request, long nowNs, ProduceCallback done) {
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            done.complete(ProduceResponse.error(ReplicationErrors.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1 (all): "
                    + acks));
            return;
        }
        ReplicationErrors error = checkLeader(request.currentLeaderEpoch());
        // Mutation.REPL_OFFSETS_BEFORE_LEADERSHIP: a replica that is not (or no longer) the leader of the current
        // epoch still assigns offsets, in its last known epoch
        boolean unsafe = config.mutations().on(Mutation.REPL_OFFSETS_BEFORE_LEADERSHIP) && role != Role.NONE
                && (error == ReplicationErrors.NOT_LEADER_OR_FOLLOWER || error == ReplicationErrors.FENCED_LEADER_EPOCH);
        if (error != ReplicationErrors.NONE && !unsafe) {
            done.complete(ProduceResponse.error(error, "broker " + brokerId + " is " + role + " at leader epoch "
                    + leaderEpoch + "; the request expected epoch " + request.currentLeaderEpoch()));
            return;
        }
        // Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR: skip this refusal
        if (acks == -1 && leader != null && leader.isr().size() < config.minInsyncReplicas()
                && !config.mutations().on(Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR)) {
            done.complete(ProduceResponse.error(ReplicationErrors.NOT_ENOUGH_REPLICAS, "the ISR " + leader.isr()
                    + " has fewer than min.insync.replicas " + config.minInsyncReplicas() + " members"));
            return;
        }
        if (pendingProduces.isFull()) {
            done.complete(ProduceResponse.error(ReplicationErrors.REQUEST_TIMED_OUT, "too many produce requests ("
                    + PendingProduces.MAX_PENDING + ") are waiting for replication"));
            return;
        }
        audit.served(this, "produce", request.currentLeaderEpoch());
        LogAppendInfo info;
        try {
            LeaderAppendResult result = log.tryAppendAsLeader(request.records(), leaderEpoch);
            if (result.error() != AppendError.NONE && !result.isDuplicate()) {
                done.complete(ProduceResponse.error(ReplicationErrors.forCode(result.error().code()),
                        result.message()));
                return;
            }
            // a duplicate (KIP-98: a retry of one of the producer's last five batches) appends nothing and is
            // answered with the original offsets — once they are committed, like the original would have been
            info = result.appendInfo();
        } catch (LogStorageException e) {
            done.complete(ProduceResponse.error(ReplicationErrors.KAFKA_STORAGE_ERROR, e.getMessage()));
            return;
        } catch (LogException e) {
            done.complete(ProduceResponse.error(ReplicationErrors.INVALID_RECORD, e.getMessage()));
            return;
        }
        if (config.flushOnAppend()) {
            flushLeader();
        }
        boolean waitForIsr = acks == -1;
        if (waitForIsr || (acks == 1 && config.flushOnAppend())) {
            pendingProduces.add(info.firstOffset(), info.lastOffset() + 1, waitForIsr, info.logAppendTimeMs(),
                    nowNs + request.timeoutMs() * 1_000_000L, done);
        } else {
            done.complete(new ProduceResponse(ReplicationErrors.NONE, info.firstOffset(), info.logAppendTimeMs(),
                    null));
        }
        maybeIncrementHighWatermark();
    }

    /** One flush at a time; appends during it are covered by one more flush when it completes. */
    private void flushLeader() {
        leaderFlush.request();
    }

    /**
     * The leader's high watermark: the smallest log end offset over the maximal ISR (the leader counting its durable
     * offset with {@code flushOnAppend}), held where it is while the committed ISR is smaller than
     * min.insync.replicas. It never moves back while this replica leads.
     */
    private void maybeIncrementHighWatermark() {
        if (leader == null) {
            return;
        }
        long leaderOffset = config.flushOnAppend() ? log.recoveryPoint() : log.logEndOffset();
        // Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR: no NOT_ENOUGH_REPLICAS_AFTER_APPEND, no strict min ISR either
        int minIsr = config.mutations().on(Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR) ? 1 : config.minInsyncReplicas();
        long candidate = leader.isrMinimumOffset(leaderOffset);
        // strict min ISR (KIP-966): while the committed ISR is below min.insync.replicas the mark stays, so a replica
        // that left the ISR then still holds everything committed and may lead again as an eligible leader replica.
        // The committed ISR, not the maximal one: an expansion the controller may still refuse (the replica fenced)
        // must not let the mark pass what the eligible leader replicas hold (cluster job, seed 868).
        if (candidate > highWatermark && leader.isr().size() >= minIsr) {
            highWatermark = candidate;
        }
        Invariant.check(highWatermark <= log.logEndOffset(), "leader %s high watermark %s passed its log end %s",
                brokerId, highWatermark, log.logEndOffset());
        pendingProduces.complete(highWatermark, leaderOffset, leader.maximalIsr().size(), minIsr,
                acknowledged);
    }

    // ---- leader: OffsetsForLeaderEpoch ----

    /** The end of the requested epoch in the leader's log (KIP-101/279), for followers and consumers (KIP-320). */
    public OffsetForLeaderEpochResponse handleOffsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        ReplicationErrors error = checkLeader(request.currentLeaderEpoch());
        if (error != ReplicationErrors.NONE) {
            return new OffsetForLeaderEpochResponse(error, -1, -1);
        }
        audit.served(this, "OffsetsForLeaderEpoch", request.currentLeaderEpoch());
        OffsetAndEpoch end = leader.endOffsetForEpoch(log, request.leaderEpoch());
        return new OffsetForLeaderEpochResponse(ReplicationErrors.NONE, end.epoch(), end.endOffset());
    }

    // ---- leader: ISR changes ----

    /** The AlterPartition proposal to send to the controller now, or null. */
    public AlterPartitionProposal nextAlterPartition(long nowNs) {
        return leader == null ? null : leader.proposalToSend(nowNs, config.alterPartitionRetryMs() * 1_000_000L);
    }

    /**
     * The controller's answer to a proposal this replica made; {@code laterCopyInFlight}: the same proposal was sent
     * again after this copy and is still unanswered.
     */
    public void onAlterPartitionResponse(AlterPartitionProposal sent, AlterPartitionResponse response,
            boolean laterCopyInFlight, long nowNs) {
        if (leader == null || sent.leaderEpoch() != leaderEpoch) {
            return;
        }
        if (leader.onAlterPartitionResponse(sent, response, laterCopyInFlight)) {
            partitionEpoch = leader.partitionEpoch();
            trace.event("replica", log.dir() + " leader " + brokerId + " ISR now " + leader.isr() + " partition epoch "
                    + partitionEpoch);
        } else if (response.error() != io.gregor.controller.Errors.NONE) {
            trace.event("replica", log.dir() + " leader " + brokerId + " AlterPartition " + sent.newIsr() + " refused: "
                    + response.error());
        }
        maybeIncrementHighWatermark();
    }

    // ---- follower ----

    /** The fetch to send to {@link #leaderId()} now, or null. */
    public FetchRequest nextFetchRequest(long nowNs) {
        return follower == null ? null : follower.nextFetchRequest(nowNs);
    }

    /** The leader's answer to a fetch this replica sent; stale answers (an older request or role) are ignored. */
    public void handleFetchResponse(FetchRequest request, FetchResponse response, long nowNs) {
        if (follower == null || request.currentLeaderEpoch() != follower.leaderEpoch()) {
            return;
        }
        highWatermark = follower.handleFetchResponse(request, response, highWatermark, nowNs);
        Invariant.check(highWatermark <= log.logEndOffset(), "follower %s high watermark %s passed its log end %s",
                brokerId, highWatermark, log.logEndOffset());
    }

    // ---- time ----

    /** Time-driven work: produce timeouts and, on the leader, ISR shrink. */
    public void tick(long nowNs) {
        pendingProduces.expire(nowNs);
        if (leader != null) {
            List<Integer> removed = leader.maybeShrink(log.logEndOffset(), nowNs, config.replicaLagTimeMaxNs());
            if (!removed.isEmpty()) {
                trace.event("replica", log.dir() + " leader " + brokerId + " proposes ISR shrink: " + removed
                        + " lagging more than " + config.replicaLagTimeMaxMs() + " ms");
            }
        }
    }

    /** When {@link #tick} or a retry next has work to do, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        long deadline = pendingProduces.nextDeadlineNs();
        if (follower != null) {
            deadline = Math.min(deadline, follower.deadlineNs());
        }
        if (leader != null) {
            deadline = Math.min(deadline, leader.proposalDeadlineNs(config.alterPartitionRetryMs() * 1_000_000L));
            deadline = Math.min(deadline, leader.shrinkDeadlineNs(log.logEndOffset(), config.replicaLagTimeMaxNs()));
        }
        return deadline;
    }

    @Override
    public String toString() {
        return "PartitionReplica(" + log.dir() + ", broker " + brokerId + ", " + role + ", leaderEpoch=" + leaderEpoch
                + ", partitionEpoch=" + partitionEpoch + ", leo=" + log.logEndOffset() + ", hw=" + highWatermark + ")";
    }
}
