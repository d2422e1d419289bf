package io.gregor.replication;

import io.gregor.controller.AlterPartitionRequest;
import java.util.List;
import java.util.UUID;

/**
 * An ISR change a leader wants the controller to make (KIP-497): the new ISR and the leader and partition epochs
 * it was computed from, so the controller can refuse a proposal based on a state that has since changed
 * (INVALID_UPDATE_VERSION, FENCED_LEADER_EPOCH). The broker adds its own identity with {@link #toRequest}.
 */
public record AlterPartitionProposal(int leaderEpoch, int partitionEpoch, List<Integer> newIsr) {

    public AlterPartitionProposal {
        newIsr = List.copyOf(newIsr);
        if (newIsr.isEmpty()) {
            throw new IllegalArgumentException("a proposed ISR must not be empty");
        }
    }

    /** The controller request the broker sends for this proposal. */
    public AlterPartitionRequest toRequest(int brokerId, long brokerEpoch, UUID topicId, int partitionId) {
        return new AlterPartitionRequest(brokerId, brokerEpoch, topicId, partitionId, leaderEpoch, partitionEpoch,
                newIsr);
    }
}
