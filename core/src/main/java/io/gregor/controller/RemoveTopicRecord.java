package io.gregor.controller;

import java.util.Objects;
import java.util.UUID;

/**
 * A topic was deleted, with all its partitions and configs.
 *
 * @param topicId the topic
 */
public record RemoveTopicRecord(UUID topicId) implements MetadataRecord {

    public static final short API_KEY = 9;

    public RemoveTopicRecord {
        Objects.requireNonNull(topicId, "topicId");
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
