package io.gregor.mutation;

import java.util.Locale;

/**
 * The catalogue of bug switches. Each names the rule it breaks and where the bug is known from; the rule's code
 * carries a one-line comment naming the same constant.
 */
public enum Mutation {

    /** Acknowledge an append before its fsync completed: a crash then loses an acknowledged write. */
    ACK_BEFORE_FSYNC("ack-before-fsync",
            "acknowledge an append before it is durable (fsync) — a crash loses acknowledged writes",
            "the durability contract of any log; cf. Kafka's flush vs. replication trade-off"),

    /** Serve reads past the durable point: a crash can then change what an offset held. */
    READ_UNFLUSHED("read-unflushed",
            "serve reads past the recovery point of a single-copy log — a crash re-assigns read offsets",
            "Kafka serves only below the high watermark; a single copy's HW is its flushed offset"),

    /** Advance the log's recovery point when a flush is issued instead of when its fsyncs complete. */
    RECOVERY_POINT_ON_SUBMIT("recovery-point-on-submit",
            "advance the log's recovery point when a flush is issued, not when it completes — undurable data is"
                    + " treated as durable: served, acknowledged, and skipped by recovery's scan",
            "Kafka's recovery point moves only after LogSegment.flush returns (UnifiedLog.flush)");

    private final String cliName;
    private final String description;
    private final String source;

    Mutation(String cliName, String description, String source) {
        this.cliName = cliName;
        this.description = description;
        this.source = source;
    }

    /** The name used on the command line ({@code --mutation NAME}). */
    public String cliName() {
        return cliName;
    }

    /** One line: what the switch breaks and what goes wrong. */
    public String description() {
        return description;
    }

    /** Where the bug or the rule is known from. */
    public String source() {
        return source;
    }

    /** Looks a switch up by its command-line name (case-insensitive); {@code null} if there is none. */
    public static Mutation byCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Mutation m : values()) {
            if (m.cliName.equals(wanted)) {
                return m;
            }
        }
        return null;
    }
}
