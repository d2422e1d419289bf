package io.gregor.workload;

/**
 * The cluster job's durability knobs — the ones Kafka's documentation says trade durability away — for runs that
 * show it: producer acks, unclean leader election, and {@code flush.messages} (off: durability by replication
 * alone, and a machine crash loses the page cache).
 *
 * @param acks the producers' acks: -1 (all) or 1 (0 is not offered: the workload could never tell what happened)
 * @param uncleanLeaderElection the topic's {@code unclean.leader.election.enable}
 * @param flushEveryMessage the brokers' {@code flush.messages=1}
 * @param writebackMs how often the operating system writes dirty pages back (0: never within a run, as with Linux's
 *     30 s default expiry on a 20 s run); what was written before the previous writeback survives a crash
 */
public record Durability(short acks, boolean uncleanLeaderElection, boolean flushEveryMessage, long writebackMs) {

    /** The job's setting: acks=all, clean elections only, flush.messages=1. */
    public static final Durability SAFE = new Durability((short) -1, false, true);

    /** A setting without page-cache writeback. */
    public Durability(short acks, boolean uncleanLeaderElection, boolean flushEveryMessage) {
        this(acks, uncleanLeaderElection, flushEveryMessage, 0);
    }

    public Durability {
        if (acks != -1 && acks != 1) {
            throw new IllegalArgumentException("acks must be all (-1) or 1, not " + acks);
        }
        if (writebackMs < 0) {
            throw new IllegalArgumentException("writeback interval must not be negative: " + writebackMs);
        }
    }

    /** Whether any knob is away from {@link #SAFE}. */
    public boolean weakened() {
        return !equals(SAFE);
    }

    /** The command-line options that give this setting (empty for {@link #SAFE}). */
    public String cliOptions() {
        StringBuilder sb = new StringBuilder();
        if (acks == 1) {
            sb.append(" --acks 1");
        }
        if (uncleanLeaderElection) {
            sb.append(" --unclean-election");
        }
        if (!flushEveryMessage) {
            sb.append(" --no-flush");
        }
        if (writebackMs > 0) {
            sb.append(" --writeback ").append(writebackMs);
        }
        return sb.toString();
    }
}
