package io.gregor.client;

import io.gregor.broker.TopicPartition;

/**
 * One record a {@link Consumer} read, with what a history checker needs to place it.
 *
 * @param offset its offset in the partition
 * @param leaderEpoch the leader epoch stamped on its batch (the epoch of the leader that appended it)
 * @param key the key as UTF-8 text, or null
 * @param value the value as UTF-8 text, or null
 */
public record ConsumerRecord(TopicPartition partition, long offset, int leaderEpoch, long timestampMs, String key,
        String value) {
}
