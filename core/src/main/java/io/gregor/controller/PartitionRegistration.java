package io.gregor.controller;

import java.util.List;

/**
 * One partition's state in the image: assignment, ISR, leader and its two epochs.
 *
 * @param replicas assigned replicas, preferred leader first
 * @param isr in-sync replicas, a non-empty subset of replicas
 * @param leader a member of the ISR, or -1 when there is none
 * @param leaderEpoch bumped on every leader change
 * @param partitionEpoch bumped on every change
 */
public record PartitionRegistration(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
        int partitionEpoch) {

    public PartitionRegistration {
        replicas = Replicas.validReplicas("replicas", replicas);
        isr = Replicas.validIsr(replicas, isr);
        if (leader != Replicas.NO_LEADER && !isr.contains(leader)) {
            throw new IllegalArgumentException("leader " + leader + " is not in the isr " + isr);
        }
    }

    static PartitionRegistration from(PartitionRecord r) {
        return new PartitionRegistration(r.replicas(), r.isr(), r.leader(), r.leaderEpoch(), r.partitionEpoch());
    }

    /** This partition after {@code change}: the partition epoch always bumps, the leader epoch on a new leader. */
    PartitionRegistration merge(PartitionChangeRecord change) {
        List<Integer> newIsr = change.isr().orElse(isr);
        int newLeader = leader;
        int newLeaderEpoch = leaderEpoch;
        if (change.leader() != PartitionChangeRecord.NO_LEADER_CHANGE) {
            newLeader = change.leader();
            newLeaderEpoch = leaderEpoch + 1;
        }
        return new PartitionRegistration(replicas, newIsr, newLeader, newLeaderEpoch, partitionEpoch + 1);
    }

    public boolean hasLeader() {
        return leader != Replicas.NO_LEADER;
    }
}
