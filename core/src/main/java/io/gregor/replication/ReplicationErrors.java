package io.gregor.replication;

/**
 * The error codes of the data plane (Produce, Fetch, OffsetsForLeaderEpoch), named and numbered as in Kafka's
 * protocol. Kept apart from {@link io.gregor.controller.Errors}, which holds the controller's codes; the two may
 * merge into one table once the broker speaks both.
 */
public enum ReplicationErrors {
    NONE(0),
    OFFSET_OUT_OF_RANGE(1),
    CORRUPT_MESSAGE(2),
    UNKNOWN_TOPIC_OR_PARTITION(3),
    NOT_LEADER_OR_FOLLOWER(6),
    REQUEST_TIMED_OUT(7),
    COORDINATOR_NOT_AVAILABLE(15),
    NOT_ENOUGH_REPLICAS(19),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20),
    INVALID_REQUIRED_ACKS(21),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45),
    DUPLICATE_SEQUENCE_NUMBER(46),
    INVALID_PRODUCER_EPOCH(47),
    KAFKA_STORAGE_ERROR(56),
    FENCED_LEADER_EPOCH(74),
    UNKNOWN_LEADER_EPOCH(76),
    INVALID_RECORD(87);

    private final short code;

    ReplicationErrors(int code) {
        this.code = (short) code;
    }

    /** The numeric code on the wire. */
    public short code() {
        return code;
    }

    /** Whether a client should retry the request (after refreshing metadata where the error says so). */
    public boolean retriable() {
        return this == NOT_LEADER_OR_FOLLOWER || this == REQUEST_TIMED_OUT || this == NOT_ENOUGH_REPLICAS
                || this == NOT_ENOUGH_REPLICAS_AFTER_APPEND || this == FENCED_LEADER_EPOCH
                || this == UNKNOWN_LEADER_EPOCH || this == KAFKA_STORAGE_ERROR || this == CORRUPT_MESSAGE
                || this == UNKNOWN_TOPIC_OR_PARTITION || this == COORDINATOR_NOT_AVAILABLE;
    }

    /** The error with this wire code; {@code null} if the data plane never uses it. */
    public static ReplicationErrors forCode(int code) {
        for (ReplicationErrors e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
