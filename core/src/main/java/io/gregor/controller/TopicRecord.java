package io.gregor.controller;

import java.util.Objects;
import java.util.UUID;

/**
 * A topic was created. Its partitions follow as {@link PartitionRecord}s in the same batch.
 *
 * @param name the topic name
 * @param topicId the topic's id; deterministic (see {@link ReplicationControl#topicIdFor(long)}), never random
 */
public record TopicRecord(String name, UUID topicId) implements MetadataRecord {

    public static final short API_KEY = 2;

    public TopicRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicId, "topicId");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
