package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A partition leader asks the controller to change its ISR (shrink after a follower fell behind, expand after one
 * caught up). The leader and partition epochs say which state the leader based its proposal on.
 *
 * @param brokerId the leader asking
 * @param brokerEpoch the leader's broker epoch
 * @param topicId the topic
 * @param partitionId the partition
 * @param leaderEpoch the leader epoch the leader holds
 * @param partitionEpoch the partition epoch the proposal is based on
 * @param newIsr the proposed ISR
 */
public record AlterPartitionRequest(int brokerId, long brokerEpoch, UUID topicId, int partitionId, int leaderEpoch,
        int partitionEpoch, List<Integer> newIsr) implements ControllerRequest {

    public AlterPartitionRequest {
        Objects.requireNonNull(topicId, "topicId");
        newIsr = List.copyOf(newIsr);
    }
}
