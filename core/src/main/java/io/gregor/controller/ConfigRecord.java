package io.gregor.controller;

import java.util.Objects;
import java.util.Optional;

/**
 * A topic config was set (value present) or removed (empty). Only topic configs exist so far; the controller reads
 * {@link #UNCLEAN_LEADER_ELECTION_ENABLE} and {@link #MIN_INSYNC_REPLICAS}.
 *
 * @param topicName the topic the config belongs to (Kafka keys configs by resource name)
 * @param name config key
 * @param value config value, or empty to delete
 */
public record ConfigRecord(String topicName, String name, Optional<String> value) implements MetadataRecord {

    public static final short API_KEY = 4;
    /** Kafka's ConfigResource type id for a topic. */
    public static final byte TOPIC_RESOURCE_TYPE = 2;
    /** Topic config: may a replica outside the ISR become leader when no ISR member is alive. */
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    /**
     * Topic config: how many in-sync replicas an acks=all write needs; the controller keeps eligible leader replicas
     * (KIP-966) while the ISR is smaller.
     */
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    public ConfigRecord {
        Objects.requireNonNull(topicName, "topicName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("config name must not be empty");
        }
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
