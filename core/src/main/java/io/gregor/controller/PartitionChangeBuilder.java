package io.gregor.controller;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.common.Invariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Computes the one {@link PartitionChangeRecord} that moves a partition to a target ISR, electing a new leader
 * when the current one cannot stay. This is the single place where a partition leader is chosen:
 *
 * <ul>
 *   <li>The leader stays if it is in the target ISR and still acceptable (unfenced).</li>
 *   <li>Otherwise the new leader is the first replica, in assignment order, that is in the target ISR and
 *       acceptable — so the preferred (first) replica wins when it can.</li>
 *   <li>If no ISR member is acceptable, an acceptable eligible leader replica (KIP-966) leads, the ISR restarting as
 *       it alone; the ISR members it replaces hold every committed record too, so they become eligible leader
 *       replicas.</li>
 *   <li>Otherwise the leader becomes -1 and the ISR is kept: only an ISR or eligible leader replica is known to
 *       hold every committed record. Only when the topic enables unclean leader election may any acceptable replica
 *       lead, and the ISR then restarts as that replica alone (data loss is accepted).</li>
 * </ul>
 *
 * <h2>Eligible leader replicas (KIP-966)</h2>
 * A replica that leaves the ISR while the ISR is left smaller than min.insync.replicas joins the ELR: from then on
 * the high watermark cannot advance (strict min ISR), so it holds every committed record. The ELR empties once the
 * ISR is back at min.insync.replicas, loses a member that rejoins the ISR, and loses a broker that restarted after an
 * unclean shutdown ({@link #withoutReplica}: its unflushed tail may be gone).
 */
final class PartitionChangeBuilder {

    private final UUID topicId;
    private final int partitionId;
    private final PartitionRegistration partition;
    private final IntPredicate isAcceptableLeader;
    private final boolean uncleanLeaderElectionEnabled;
    private Mutations mutations = Mutations.none();
    private List<Integer> targetIsr;
    private int minInsyncReplicas = 1;
    private int uncleanlyRestarted = -1;

    PartitionChangeBuilder(UUID topicId, int partitionId, PartitionRegistration partition,
            IntPredicate isAcceptableLeader, boolean uncleanLeaderElectionEnabled) {
        this.topicId = topicId;
        this.partitionId = partitionId;
        this.partition = partition;
        this.isAcceptableLeader = isAcceptableLeader;
        this.uncleanLeaderElectionEnabled = uncleanLeaderElectionEnabled;
        this.targetIsr = partition.isr();
    }

    /** Bug switches (none in production). */
    PartitionChangeBuilder withMutations(Mutations value) {
        this.mutations = value;
        return this;
    }

    PartitionChangeBuilder setTargetIsr(List<Integer> isr) {
        this.targetIsr = List.copyOf(isr);
        return this;
    }

    /** The topic's min.insync.replicas: below it, replicas leaving the ISR stay eligible leaders. */
    PartitionChangeBuilder withMinInsyncReplicas(int value) {
        this.minInsyncReplicas = value;
        return this;
    }

    /** {@code brokerId} restarted after an unclean shutdown: it is no longer an eligible leader replica. */
    PartitionChangeBuilder withoutReplica(int brokerId) {
        this.uncleanlyRestarted = brokerId;
        return this;
    }

    /** Whether eligible leader replicas are kept (KIP-966), which {@link Mutation#CONTROLLER_NO_ELR} turns off. */
    private boolean elrEnabled() {
        return !mutations.on(Mutation.CONTROLLER_NO_ELR);
    }

    /** The ELR after the ISR moves to {@code newIsr}, in replica order. */
    private List<Integer> targetElr(List<Integer> newIsr) {
        if (!elrEnabled() || newIsr.size() >= minInsyncReplicas) {
            return List.of();
        }
        List<Integer> elr = new ArrayList<>();
        for (int replica : partition.replicas()) {
            boolean was = partition.elr().contains(replica) || partition.isr().contains(replica);
            if (was && !newIsr.contains(replica) && replica != uncleanlyRestarted) {
                elr.add(replica);
            }
        }
        return elr;
    }

    /** The change record, or empty when the partition already is in the target state. */
    Optional<PartitionChangeRecord> build() {
        List<Integer> newIsr = targetIsr;
        int newLeader = partition.leader();
        boolean unclean = false;
        boolean leaderMustChange = newLeader == Replicas.NO_LEADER || !newIsr.contains(newLeader)
                || !isAcceptableLeader.test(newLeader);
        if (leaderMustChange) {
            newLeader = Replicas.NO_LEADER;
            for (int replica : partition.replicas()) {
                if (newIsr.contains(replica) && isAcceptableLeader.test(replica)) {
                    newLeader = replica;
                    break;
                }
            }
            if (newLeader == Replicas.NO_LEADER) {
                for (int replica : targetElr(newIsr)) {
                    if (isAcceptableLeader.test(replica)) {
                        newLeader = replica; // KIP-966: an eligible leader replica holds every committed record
                        newIsr = List.of(replica);
                        break;
                    }
                }
            }
            if (newLeader == Replicas.NO_LEADER && (uncleanLeaderElectionEnabled
                    || mutations.on(Mutation.CONTROLLER_UNCLEAN_ELECTION))) { // the switch ignores the topic's setting
                for (int replica : partition.replicas()) {
                    if (isAcceptableLeader.test(replica)) {
                        newLeader = replica; // unclean: may lose records only the old ISR held
                        newIsr = List.of(replica);
                        unclean = true;
                        break;
                    }
                }
            }
        }
        Invariant.check(newLeader == Replicas.NO_LEADER || newIsr.contains(newLeader),
                "elected leader %s outside the isr %s", newLeader, newIsr);
        List<Integer> newElr;
        if (!elrEnabled()) {
            newElr = new ArrayList<>(partition.elr());
            newElr.removeAll(newIsr);
        } else {
            // an unclean leader's log is the truth now: nobody else is known to hold what it holds
            newElr = unclean ? List.of() : targetElr(newIsr);
        }
        boolean isrChanged = !newIsr.equals(partition.isr());
        boolean leaderChanged = newLeader != partition.leader();
        boolean elrChanged = !newElr.equals(partition.elr());
        if (!isrChanged && !leaderChanged && !elrChanged) {
            return Optional.empty();
        }
        return Optional.of(new PartitionChangeRecord(topicId, partitionId,
                isrChanged ? Optional.of(newIsr) : Optional.empty(),
                leaderChanged ? newLeader : PartitionChangeRecord.NO_LEADER_CHANGE,
                elrChanged ? Optional.of(newElr) : Optional.empty()));
    }
}
