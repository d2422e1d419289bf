package io.gregor.broker;

import java.util.Objects;

/** A partition of a topic, by name (Kafka's {@code TopicPartition}); ordered by topic, then partition. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("a topic name and a partition >= 0, not '" + topic + "'-" + partition);
        }
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    /** As the record's, written out: hash-map lookups by partition run after every simulated event. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TopicPartition t && partition == t.partition && topic.equals(t.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
