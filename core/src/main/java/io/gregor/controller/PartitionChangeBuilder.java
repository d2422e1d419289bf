package io.gregor.controller;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.common.Invariant;
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
 *   <li>If no ISR member is acceptable, the leader becomes -1 and the ISR is kept: only an ISR member is known to
 *       hold every committed record. Only when the topic enables unclean leader election may an acceptable replica
 *       outside the ISR lead, and the ISR then restarts as that replica alone (data loss is accepted).</li>
 * </ul>
 */
final class PartitionChangeBuilder {

    private final UUID topicId;
    private final int partitionId;
    private final PartitionRegistration partition;
    private final IntPredicate isAcceptableLeader;
    private final boolean uncleanLeaderElectionEnabled;
    private Mutations mutations = Mutations.none();
    private List<Integer> targetIsr;

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

    /** The change record, or empty when the partition already is in the target state. */
    Optional<PartitionChangeRecord> build() {
        List<Integer> newIsr = targetIsr;
        int newLeader = partition.leader();
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
            if (newLeader == Replicas.NO_LEADER && (uncleanLeaderElectionEnabled
                    || mutations.on(Mutation.CONTROLLER_UNCLEAN_ELECTION))) { // the switch ignores the topic's setting
                for (int replica : partition.replicas()) {
                    if (isAcceptableLeader.test(replica)) {
                        newLeader = replica; // unclean: may lose records only the old ISR held
                        newIsr = List.of(replica);
                        break;
                    }
                }
            }
        }
        Invariant.check(newLeader == Replicas.NO_LEADER || newIsr.contains(newLeader),
                "elected leader %s outside the isr %s", newLeader, newIsr);
        boolean isrChanged = !newIsr.equals(partition.isr());
        boolean leaderChanged = newLeader != partition.leader();
        if (!isrChanged && !leaderChanged) {
            return Optional.empty();
        }
        return Optional.of(new PartitionChangeRecord(topicId, partitionId,
                isrChanged ? Optional.of(newIsr) : Optional.empty(),
                leaderChanged ? newLeader : PartitionChangeRecord.NO_LEADER_CHANGE));
    }
}
