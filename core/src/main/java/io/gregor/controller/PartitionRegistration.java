package io.gregor.controller;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition's state in the image: assignment, ISR, leader and its two epochs.
 *
 * @param replicas assigned replicas, preferred leader first
 * @param isr in-sync replicas, a non-empty subset of replicas
 * @param leader a member of the ISR, or -1 when there is none
 * @param leaderEpoch bumped on every leader change
 * @param partitionEpoch bumped on every change
 * @param elr eligible leader replicas (KIP-966): replicas that left the ISR while it was below
 *     min.insync.replicas — the high watermark cannot move then, so each still holds every committed record
 */
public record PartitionRegistration(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
        int partitionEpoch, List<Integer> elr) {

    public PartitionRegistration {
        replicas = Replicas.validReplicas("replicas", replicas);
        isr = Replicas.validIsr(replicas, isr);
        elr = Replicas.validElr(replicas, isr, elr);
        if (leader != Replicas.NO_LEADER && !isr.contains(leader)) {
            throw new IllegalArgumentException("leader " + leader + " is not in the isr " + isr);
        }
    }

    /** A partition with no eligible leader replicas outside its ISR. */
    public PartitionRegistration(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
            int partitionEpoch) {
        this(replicas, isr, leader, leaderEpoch, partitionEpoch, List.of());
    }

    static PartitionRegistration from(PartitionRecord r) {
        return new PartitionRegistration(r.replicas(), r.isr(), r.leader(), r.leaderEpoch(), r.partitionEpoch(),
                r.elr());
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
        List<Integer> newElr = change.elr().orElse(elr);
        if (change.elr().isEmpty() && change.isr().isPresent()) {
            newElr = new ArrayList<>(elr);
            newElr.removeAll(newIsr); // a member back in the ISR is no longer "outside" it
        }
        return new PartitionRegistration(replicas, newIsr, newLeader, newLeaderEpoch, partitionEpoch + 1, newElr);
    }

    public boolean hasLeader() {
        return leader != Replicas.NO_LEADER;
    }
}
