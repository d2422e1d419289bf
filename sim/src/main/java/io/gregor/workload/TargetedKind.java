package io.gregor.workload;

import java.util.Locale;

/**
 * Which of the cluster job's targeted faults run ({@code --nemesis}). By default each kind runs on half the seeds
 * whose swarm options allow its class of fault; one kind named alone runs on every seed, and the swarm then strikes
 * no node and no link of its own — its delays, losses, clocks and disks stay — so that kind's steps play out as
 * written.
 */
public enum TargetedKind {
    /** The default: each kind on half the seeds its swarm allows. */
    MIX("every kind, each on half the seeds whose swarm allows it (the default)"),
    /** No targeted fault: the swarm's alone. */
    NONE("no targeted fault: the swarm's alone"),
    KILL_LEADER("crash a partition's leader, restart it 0.5-4 s later"),
    ISOLATE_LEADER("cut a partition's leader off from the other nodes for 1-8 s, clients still reaching it"),
    PAUSE("stop a partition's follower (or leader) for 1-6 s"),
    FAILOVER_WHILE_ASLEEP("the follower furthest ahead sleeps 15 s through two leader crashes (KAFKA-7164)"),
    STRAND_LEADER("cut a leader off from its followers only, crash it 6 s later (KIP-966)"),
    KILL_LAST_REPLICA("crash a leader the moment it is its partition's whole ISR (KIP-966)"),
    ROLLING_RESTART("one broker at a time: a controlled shutdown (leaderships moved away, logs flushed, the"
            + " clean-shutdown file written), the process stopped, restarted 1-3 s later"),
    INTERLEAVE_EPOCHS("KIP-279's four steps: two replicas each hold an epoch the other never saw; split"
            + " deployment only"),
    FENCE_FOLLOWERS("fence a partition's followers (cut from the controllers, still fetching); crash the leader the"
            + " moment it is the ISR alone (KIP-966); split deployment only");

    private final String description;

    TargetedKind(String description) {
        this.description = description;
    }

    /** The command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** Whether this kind cuts brokers off from the controllers, which only the split deployment can do alone. */
    public boolean splitOnly() {
        return this == INTERLEAVE_EPOCHS || this == FENCE_FOLLOWERS;
    }

    /** Whether this names one kind, run alone on every seed. */
    public boolean single() {
        return this != MIX && this != NONE;
    }

    /** By command-line name; {@code null} if there is none. */
    public static TargetedKind byCliName(String name) {
        for (TargetedKind k : values()) {
            if (k.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
