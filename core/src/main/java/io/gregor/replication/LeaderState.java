package io.gregor.replication;

import io.gregor.common.Invariant;
import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controller.PartitionRegistration;
import io.gregor.log.Log;
import io.gregor.log.OffsetAndEpoch;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leader's view of its partition for one leader epoch: the followers' progress, the ISR as committed by the
 * controller, and at most one AlterPartition proposal in flight (KIP-497).
 *
 * <h2>Which ISR counts</h2>
 * While a proposal is in flight the leader uses the <em>maximal</em> ISR, the committed ISR united with the proposed
 * one, for the high watermark and for acks=all: a shrink counts the leaving follower until the controller commits
 * it (the leader must not commit an offset the controller's ISR does not hold), an expand counts the joining one
 * at once (the controller may already have it in the ISR). The min.insync.replicas refusal before an append uses the
 * committed ISR, as Kafka does.
 */
final class LeaderState {

    private final int brokerId;
    private final int leaderEpoch;
    private final long leaderEpochStartOffset;
    private final TreeMap<Integer, FollowerReplicaState> followers = new TreeMap<>();
    private List<Integer> replicas;
    private List<Integer> isr;
    private List<Integer> maximalIsr;
    private List<Integer> maximalIsrOf;
    private AlterPartitionProposal maximalIsrPending;
    private int partitionEpoch;
    private AlterPartitionProposal pending;
    private long pendingSentNs;
    private boolean pendingSent;

    /**
     * @param leaderEpochStartOffset the log end offset when this replica became leader: the first offset of its
     *     epoch, whatever it later appends
     */
    LeaderState(int brokerId, PartitionRegistration registration, long leaderEpochStartOffset, long nowNs) {
        Invariant.check(registration.leader() == brokerId, "leader state for %s built from a registration led by %s",
                brokerId, registration.leader());
        this.brokerId = brokerId;
        this.leaderEpoch = registration.leaderEpoch();
        this.leaderEpochStartOffset = leaderEpochStartOffset;
        this.replicas = registration.replicas();
        this.isr = registration.isr();
        this.partitionEpoch = registration.partitionEpoch();
        for (int id : replicas) {
            if (id != brokerId) {
                // a follower already in the ISR gets a full lag period to start fetching from the new leader
                followers.put(id, new FollowerReplicaState(id, isr.contains(id) ? nowNs : Long.MIN_VALUE / 2));
            }
        }
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    long leaderEpochStartOffset() {
        return leaderEpochStartOffset;
    }

    int partitionEpoch() {
        return partitionEpoch;
    }

    List<Integer> replicas() {
        return replicas;
    }

    /** The ISR the controller committed. */
    List<Integer> isr() {
        return isr;
    }

    /** The committed ISR united with the proposed one, sorted (see the class doc). */
    List<Integer> maximalIsr() {
        if (maximalIsr == null || maximalIsrOf != isr || maximalIsrPending != pending) {
            TreeSet<Integer> all = new TreeSet<>(isr);
            if (pending != null) {
                all.addAll(pending.newIsr());
            }
            maximalIsr = List.copyOf(all); // asked for at every high watermark update: kept until either changes
            maximalIsrOf = isr;
            maximalIsrPending = pending;
        }
        return maximalIsr;
    }

    AlterPartitionProposal pending() {
        return pending;
    }

    FollowerReplicaState follower(int id) {
        return followers.get(id);
    }

    /**
     * A newer registration in the same leader epoch (an ISR change, ours or the controller's): it supersedes any
     * proposal in flight, which was either applied (and is now in the registration) or is now stale.
     */
    void updateRegistration(PartitionRegistration registration, long nowNs) {
        Invariant.check(registration.leaderEpoch() == leaderEpoch && registration.partitionEpoch() > partitionEpoch,
                "registration %s is not a newer state of leader epoch %s partition epoch %s", registration,
                leaderEpoch, partitionEpoch);
        replicas = registration.replicas();
        isr = registration.isr();
        partitionEpoch = registration.partitionEpoch();
        pending = null;
        followers.keySet().removeIf(id -> !replicas.contains(id));
        for (int id : replicas) {
            if (id != brokerId && !followers.containsKey(id)) {
                followers.put(id, new FollowerReplicaState(id, Long.MIN_VALUE / 2));
            }
        }
    }

    /**
     * The end of {@code epoch} in the leader's log, counting its own epoch as started at
     * {@link #leaderEpochStartOffset} even before it appended anything (Kafka assigns the epoch start in the cache
     * on becoming leader; our log's cache learns it from the first batch, so the leader adds it here).
     */
    OffsetAndEpoch endOffsetForEpoch(Log log, int epoch) {
        if (epoch >= leaderEpoch) {
            return epoch == leaderEpoch ? new OffsetAndEpoch(leaderEpoch, log.logEndOffset()) : OffsetAndEpoch.UNDEFINED;
        }
        OffsetAndEpoch inLog = log.endOffsetForEpoch(epoch);
        if (inLog.epoch() == -1) {
            int latest = log.latestEpoch().orElse(-1);
            // the epoch is newer than any batch in the log but older than ours: it ends where ours starts
            return latest >= 0 && latest < epoch ? new OffsetAndEpoch(latest, leaderEpochStartOffset)
                    : latest < 0 ? new OffsetAndEpoch(epoch, leaderEpochStartOffset) : inLog;
        }
        return new OffsetAndEpoch(inLog.epoch(), Math.min(inLog.endOffset(), leaderEpochStartOffset));
    }

    /**
     * KIP-320 fetch validation: where a follower's log, ending at {@code fetchOffset} with a batch of
     * {@code lastFetchedEpoch}, leaves ours, or null if it does not (or the follower sent no epoch). It diverges if we
     * know no epoch that large, or that epoch ends before its fetch offset here.
     */
    ReplicaMessage.DivergingEpoch divergence(Log log, int lastFetchedEpoch, long fetchOffset) {
        if (lastFetchedEpoch == ReplicaMessage.NO_EPOCH) {
            return null;
        }
        OffsetAndEpoch end = endOffsetForEpoch(log, lastFetchedEpoch);
        if (end.epoch() < lastFetchedEpoch || end.endOffset() < fetchOffset) {
            return new ReplicaMessage.DivergingEpoch(end.epoch(), end.endOffset());
        }
        return null;
    }

    /**
     * The high watermark the ISR supports: the smallest log end offset over the maximal ISR, the leader counting
     * {@code leaderOffset}. A follower that has not fetched in this epoch counts as -1 and holds the mark where it is.
     */
    long isrMinimumOffset(long leaderOffset) {
        long min = leaderOffset;
        for (int id : maximalIsr()) {
            if (id != brokerId) {
                FollowerReplicaState f = followers.get(id);
                min = Math.min(min, f == null ? FollowerReplicaState.UNKNOWN_OFFSET : f.logEndOffset());
            }
        }
        return min;
    }

    /**
     * ISR expansion: a follower outside the maximal ISR whose log reached the high watermark and the start of this
     * epoch (so it holds everything an earlier leader may have committed) is proposed back in.
     */
    void maybeExpand(int followerId, long highWatermark, long nowNs) {
        FollowerReplicaState f = followers.get(followerId);
        if (pending != null || f == null || isr.contains(followerId)) {
            return;
        }
        long leo = f.logEndOffset();
        if (leo >= highWatermark && leo >= leaderEpochStartOffset) {
            List<Integer> grown = new ArrayList<>(isr);
            grown.add(followerId);
            propose(grown, nowNs);
        }
    }

    /**
     * ISR shrink: followers in the ISR that have not caught up to the leader's log end within the lag time are
     * proposed out. The leader itself always stays.
     *
     * @return the followers proposed out (empty if none or a proposal is already in flight)
     */
    List<Integer> maybeShrink(long leaderLogEndOffset, long nowNs, long replicaLagTimeMaxNs) {
        if (pending != null) {
            return List.of();
        }
        List<Integer> kept = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        for (int id : isr) {
            FollowerReplicaState f = followers.get(id);
            if (id != brokerId && f != null && f.isLagging(leaderLogEndOffset, nowNs, replicaLagTimeMaxNs)) {
                removed.add(id);
            } else {
                kept.add(id);
            }
        }
        if (!kept.contains(brokerId)) {
            kept.add(brokerId);
        }
        if (!removed.isEmpty()) {
            propose(kept, nowNs);
        }
        return removed;
    }

    /** When the first in-sync follower behind the leader's log end would start lagging, or {@code Long.MAX_VALUE}. */
    long shrinkDeadlineNs(long leaderLogEndOffset, long replicaLagTimeMaxNs) {
        if (pending != null) {
            return Long.MAX_VALUE; // no new shrink while a proposal is out: its answer or retry comes first
        }
        long min = Long.MAX_VALUE;
        for (int id : isr) {
            FollowerReplicaState f = followers.get(id);
            if (f != null && f.logEndOffset() != leaderLogEndOffset) {
                min = Math.min(min, f.lastCaughtUpTimeNs() + replicaLagTimeMaxNs + 1);
            }
        }
        return min;
    }

    private void propose(List<Integer> newIsr, long nowNs) {
        pending = new AlterPartitionProposal(leaderEpoch, partitionEpoch, newIsr);
        pendingSent = false;
        pendingSentNs = nowNs;
    }

    /** The proposal to send now: a new one, or one unanswered for {@code retryNs}. Marks it sent. */
    AlterPartitionProposal proposalToSend(long nowNs, long retryNs) {
        if (pending == null || (pendingSent && nowNs - pendingSentNs < retryNs)) {
            return null;
        }
        pendingSent = true;
        pendingSentNs = nowNs;
        return pending;
    }

    /** When an unanswered proposal is due to be sent again, or {@code Long.MAX_VALUE}. */
    long proposalDeadlineNs(long retryNs) {
        if (pending == null) {
            return Long.MAX_VALUE;
        }
        return pendingSent ? pendingSentNs + retryNs : pendingSentNs;
    }

    /**
     * The controller's answer to {@code sent}. Success adopts the controller's ISR and partition epoch unless the
     * metadata already brought a newer state. INELIGIBLE_REPLICA and INVALID_REQUEST say the controller did not apply
     * it: the proposal is dropped, and the next fetch or tick proposes again if still needed — unless
     * {@code laterCopyInFlight}, a resend of it that may yet be applied. Every other error (FENCED_LEADER_EPOCH,
     * INVALID_UPDATE_VERSION, NOT_CONTROLLER, ...) leaves the proposal standing: the controller may have applied it
     * already — another copy, or before it moved on — so until the metadata brings a newer partition state the high
     * watermark keeps counting the proposed ISR (dropping it let a deposed leader count an ISR the controller had
     * replaced by a larger one, and acknowledge writes the new leader never had).
     *
     * @return whether the committed ISR changed
     */
    boolean onAlterPartitionResponse(AlterPartitionProposal sent, AlterPartitionResponse response,
            boolean laterCopyInFlight) {
        if (pending == null || !pending.equals(sent)) {
            return false; // an answer to a proposal we no longer hold
        }
        io.gregor.controller.Errors error = response.error();
        if (error == io.gregor.controller.Errors.INELIGIBLE_REPLICA
                || error == io.gregor.controller.Errors.INVALID_REQUEST) {
            if (!laterCopyInFlight) {
                pending = null;
            }
            return false;
        }
        if (error != io.gregor.controller.Errors.NONE) {
            return false;
        }
        pending = null;
        if (response.leaderEpoch() != leaderEpoch || response.partitionEpoch() <= partitionEpoch
                || response.leader() != brokerId) {
            return false;
        }
        isr = List.copyOf(response.isr());
        partitionEpoch = response.partitionEpoch();
        return true;
    }
}
