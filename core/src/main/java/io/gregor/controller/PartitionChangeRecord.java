package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A change to a partition's ISR and/or leader. Applying it bumps the partition epoch always, and the leader
 * epoch when the leader changes (Kafka's PartitionRegistration.merge); the epochs are therefore not in the record.
 *
 * @param topicId the topic
 * @param partitionId the partition
 * @param isr the new ISR, or empty for "unchanged"
 * @param leader the new leader, {@link #NO_LEADER_CHANGE} for "unchanged", or -1 for "no leader"
 * @param elr the new eligible leader replicas (KIP-966), possibly none, or empty for "unchanged"
 */
public record PartitionChangeRecord(UUID topicId, int partitionId, Optional<List<Integer>> isr, int leader,
        Optional<List<Integer>> elr) implements MetadataRecord {

    public static final short API_KEY = 5;
    /** The {@code leader} value that leaves the leader as it is. */
    public static final int NO_LEADER_CHANGE = -2;

    public PartitionChangeRecord {
        Objects.requireNonNull(topicId, "topicId");
        if (partitionId < 0) {
            throw new IllegalArgumentException("partition id must be non-negative: " + partitionId);
        }
        isr = isr.map(ids -> Replicas.validReplicas("isr", ids));
        if (leader < NO_LEADER_CHANGE) {
            throw new IllegalArgumentException("leader must be >= -2: " + leader);
        }
        elr = elr.map(ids -> Replicas.distinct("elr", ids));
        if (isr.isEmpty() && leader == NO_LEADER_CHANGE && elr.isEmpty()) {
            throw new IllegalArgumentException("a partition change must change the isr, the leader or the elr");
        }
    }

    /** A change that leaves the eligible leader replicas as they are. */
    public PartitionChangeRecord(UUID topicId, int partitionId, Optional<List<Integer>> isr, int leader) {
        this(topicId, partitionId, isr, leader, Optional.empty());
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
