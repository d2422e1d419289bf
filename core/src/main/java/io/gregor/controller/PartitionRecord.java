package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A partition's full state: written when its topic is created.
 *
 * @param topicId the topic
 * @param partitionId the partition index, non-negative
 * @param replicas the assigned replicas; the first is the preferred leader
 * @param isr the in-sync replicas, a non-empty subset of {@code replicas}
 * @param leader the leader, a member of {@code isr}, or -1 for none
 * @param leaderEpoch bumped by every leader change; fences requests from older leaders
 * @param partitionEpoch bumped by every change; fences stale AlterPartition requests
 * @param elr the eligible leader replicas (KIP-966): replicas outside the ISR known to hold every committed record
 */
public record PartitionRecord(UUID topicId, int partitionId, List<Integer> replicas, List<Integer> isr, int leader,
        int leaderEpoch, int partitionEpoch, List<Integer> elr) implements MetadataRecord {

    public static final short API_KEY = 3;

    public PartitionRecord {
        Objects.requireNonNull(topicId, "topicId");
        if (partitionId < 0) {
            throw new IllegalArgumentException("partition id must be non-negative: " + partitionId);
        }
        replicas = Replicas.validReplicas("replicas", replicas);
        isr = Replicas.validIsr(replicas, isr);
        elr = Replicas.validElr(replicas, isr, elr);
        if (leader != Replicas.NO_LEADER && !isr.contains(leader)) {
            throw new IllegalArgumentException("leader " + leader + " is not in the isr " + isr);
        }
        if (leaderEpoch < 0 || partitionEpoch < 0) {
            throw new IllegalArgumentException("epochs must be non-negative: leader epoch " + leaderEpoch
                    + ", partition epoch " + partitionEpoch);
        }
    }

    /** A partition with no eligible leader replicas outside its ISR. */
    public PartitionRecord(UUID topicId, int partitionId, List<Integer> replicas, List<Integer> isr, int leader,
            int leaderEpoch, int partitionEpoch) {
        this(topicId, partitionId, replicas, isr, leader, leaderEpoch, partitionEpoch, List.of());
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
