package io.gregor.controller;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One topic in the image: its name, id, partitions by index and configs by key. Immutable; the {@code with...}
 * methods return copies.
 */
public record TopicImage(String name, UUID id, SortedMap<Integer, PartitionRegistration> partitions,
        SortedMap<String, String> configs) {

    public TopicImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    static TopicImage empty(String name, UUID id) {
        return new TopicImage(name, id, new TreeMap<>(), new TreeMap<>());
    }

    TopicImage withPartition(int partitionId, PartitionRegistration partition) {
        TreeMap<Integer, PartitionRegistration> copy = new TreeMap<>(partitions);
        copy.put(partitionId, partition);
        return new TopicImage(name, id, copy, configs);
    }

    TopicImage withConfig(String key, Optional<String> value) {
        TreeMap<String, String> copy = new TreeMap<>(configs);
        if (value.isPresent()) {
            copy.put(key, value.get());
        } else {
            copy.remove(key);
        }
        return new TopicImage(name, id, partitions, copy);
    }

    /** The partition, or {@code null} if the topic has no such partition. */
    public PartitionRegistration partition(int partitionId) {
        return partitions.get(partitionId);
    }

    /** The topic's min.insync.replicas (1 when not set; validated when the topic was created). */
    public int minInsyncReplicas() {
        String v = configs.get(ConfigRecord.MIN_INSYNC_REPLICAS);
        return v == null ? 1 : Integer.parseInt(v);
    }

    /** Whether the topic allows electing a leader outside the ISR when no ISR member is alive. */
    public boolean uncleanLeaderElectionEnabled() {
        return "true".equals(configs.get(ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE));
    }
}
