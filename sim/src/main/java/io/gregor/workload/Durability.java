package io.gregor.workload;

/**
 * The cluster job's durability knobs — the ones Kafka's documentation says trade durability away — for runs that
 * show it: producer acks, unclean leader election, and {@code flush.messages} (off: durability by replication
 * alone, and a machine crash loses the page cache).
 *
 * @param acks the producers' acks: -1 (all) or 1 (0 is not offered: the workload could never tell what happened)
 * @param uncleanLeaderElection the topic's {@code unclean.leader.election.enable}
 * @param flushEveryMessage the brokers' {@code flush.messages=1}
 */
public record Durability(short acks, boolean uncleanLeaderElection, boolean flushEveryMessage) {

    /** The job's setting: acks=all, clean elections only, flush.messages=1. */
    public static final Durability SAFE = new Durability((short) -1, false, true);

    public Durability {
        if (acks != -1 && acks != 1) {
            throw new IllegalArgumentException("acks must be all (-1) or 1, not " + acks);
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
        return sb.toString();
    }
}
