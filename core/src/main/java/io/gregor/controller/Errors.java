package io.gregor.controller;

/** The error codes the controller answers with, named and numbered as in Kafka's protocol. */
public enum Errors {
    NONE(0),
    UNKNOWN_TOPIC_OR_PARTITION(3),
    NOT_LEADER_OR_FOLLOWER(6),
    INVALID_TOPIC_EXCEPTION(17),
    TOPIC_ALREADY_EXISTS(36),
    INVALID_PARTITIONS(37),
    INVALID_REPLICATION_FACTOR(38),
    INVALID_CONFIG(40),
    NOT_CONTROLLER(41),
    INVALID_REQUEST(42),
    POLICY_VIOLATION(44),
    FENCED_LEADER_EPOCH(74),
    STALE_BROKER_EPOCH(77),
    INVALID_UPDATE_VERSION(95),
    UNKNOWN_TOPIC_ID(100),
    DUPLICATE_BROKER_REGISTRATION(101),
    BROKER_ID_NOT_REGISTERED(102),
    INELIGIBLE_REPLICA(107);

    private final short code;

    Errors(int code) {
        this.code = (short) code;
    }

    /** The numeric code on the wire. */
    public short code() {
        return code;
    }

    /** The error with this wire code; {@code null} if the controller never uses it. */
    public static Errors forCode(int code) {
        for (Errors e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
