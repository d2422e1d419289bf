package io.gregor.controller;

/**
 * One record of the metadata log. The log is the metadata: every broker and standby controller rebuilds the
 * cluster's state ({@link MetadataImage}) by applying these in log order, and the active controller produces
 * them. Each record is validated in its constructor; {@link MetadataRecordSerde} turns them into bytes.
 *
 * <p>{@link #apiKey()} is Kafka's metadata record type id, used as the tag in the serialized form.
 */
public sealed interface MetadataRecord permits RegisterBrokerRecord, BrokerRegistrationChangeRecord,
        FenceBrokerRecord, UnfenceBrokerRecord, TopicRecord, PartitionRecord, PartitionChangeRecord,
        RemoveTopicRecord, ConfigRecord {

    /** Kafka's metadata record type id (e.g. 0 for RegisterBrokerRecord, 2 for TopicRecord). */
    short apiKey();
}
