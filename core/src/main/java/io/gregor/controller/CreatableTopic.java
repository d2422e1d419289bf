package io.gregor.controller;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One topic of a CreateTopics request. Bad values are answered with an error code, not rejected here.
 *
 * @param name topic name
 * @param numPartitions number of partitions, at least 1
 * @param replicationFactor replicas per partition, at least 1 and at most the number of unfenced brokers
 * @param configs topic configs ({@link ConfigRecord#UNCLEAN_LEADER_ELECTION_ENABLE} and
 *     {@link ConfigRecord#MIN_INSYNC_REPLICAS} are understood)
 */
public record CreatableTopic(String name, int numPartitions, int replicationFactor, SortedMap<String, String> configs) {

    public CreatableTopic {
        Objects.requireNonNull(name, "name");
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    public CreatableTopic(String name, int numPartitions, int replicationFactor) {
        this(name, numPartitions, replicationFactor, new TreeMap<>());
    }

    public CreatableTopic(String name, int numPartitions, int replicationFactor, Map<String, String> configs) {
        this(name, numPartitions, replicationFactor, new TreeMap<>(configs));
    }
}
