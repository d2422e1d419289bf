package io.gregor.histories.kafka;

/**
 * The anomalies of Jepsen's Kafka workload (jepsen.tests.kafka, {@code analysis}), under Jepsen's names.
 * Definitions are on {@link KafkaChecker}; which of them Kafka's design allows is decided by {@link
 * KafkaCheckerOptions#allowedTypes(boolean)}.
 */
public enum KafkaAnomalyType {
    /** A value at two or more offsets of its partition. */
    DUPLICATE("duplicate"),
    /** An offset of a partition with two or more values. */
    INCONSISTENT_OFFSETS("inconsistent-offsets"),
    /** Aborted read: an ok poll read a value whose send failed. */
    G1A("G1a"),
    /** A txn polled a value it sent itself, before it committed. */
    PRECOMMITTED_READ("precommitted-read"),
    /** An acknowledged send no poll ever read, though polls read past it. */
    LOST_WRITE("lost-write"),
    /** A consumer's next poll of a partition skipped values after its last one. */
    POLL_SKIP("poll-skip"),
    /** A consumer's next poll of a partition went back (or repeated) from its last one. */
    NONMONOTONIC_POLL("nonmonotonic-poll"),
    /** Within one txn, two consecutive reads of a partition skipped values. */
    INT_POLL_SKIP("int-poll-skip"),
    /** Within one txn, two consecutive reads of a partition went back or repeated. */
    INT_NONMONOTONIC_POLL("int-nonmonotonic-poll"),
    /** A process's next send to a partition landed at or before its previous one. */
    NONMONOTONIC_SEND("nonmonotonic-send"),
    /** Within one txn, two consecutive sends to a partition were not adjacent (normal in Kafka). */
    INT_SEND_SKIP("int-send-skip"),
    /** Within one txn, a later send to a partition landed at or before an earlier one. */
    INT_NONMONOTONIC_SEND("int-nonmonotonic-send"),
    /** Acknowledged sends never polled by the end of the history. */
    UNSEEN("unseen"),
    /** A dependency cycle of write-write edges only. */
    G0("G0"),
    /** A dependency cycle of write-write and write-read edges, at least one write-read. */
    G1C("G1c"),
    /** A dependency cycle with exactly one read-write (anti-dependency) edge. */
    G_SINGLE("G-single"),
    /** A dependency cycle with read-write edges, none found with exactly one. */
    G2("G2");

    private final String jepsenName;

    KafkaAnomalyType(String jepsenName) {
        this.jepsenName = jepsenName;
    }

    /** The name in Jepsen's results ({@code lost-write}, {@code G1c}...). */
    public String jepsenName() {
        return jepsenName;
    }
}
