package io.gregor.workload;

import io.gregor.mutation.Mutation;
import java.util.Locale;

/** The simulated jobs {@code gregor sim} can run. */
public enum JobKind {
    /** The main job: a 3-node combined Kafka cluster under Jepsen's Kafka workload, checked white and black box. */
    CLUSTER("cluster", "a 3-node combined Kafka cluster (KRaft controllers + brokers), a topic of 3 partitions with"
            + " replication factor 3 and min.insync.replicas 2, idempotent acks=all producers and assign consumers;"
            + " Raft, controller and data-plane invariants per event + the Kafka checker"),
    /** Single-copy log servers and a Kafka-workload client: the foundation's durability job. */
    DURABILITY("durability", "3 single-copy log servers, Jepsen's Kafka workload, durability ledger + Kafka checker"),
    /** A KRaft quorum with a key-value state machine: Raft invariants per event + linearizability. */
    QUORUM("quorum", "a 3-voter KRaft quorum running a key-value store, Raft invariants + linearizability"),
    /** The controller on the quorum, with brokers and an admin client: metadata invariants + linearizability. */
    CONTROLLER("controller", "3 KRaft controllers, 3 brokers heartbeating, an admin client creating, deleting and"
            + " describing topics; controller invariants + per-topic linearizability"),
    /** Five voters in KIP-996's partial-connectivity topology: pre-vote's stability measure. */
    KIP996("kip996", "5 KRaft voters under KIP-996's partial connectivity for 60 s: Raft invariants + leadership"
            + " stability and commits (what pre-vote buys)");

    private final String cliName;
    private final String description;

    JobKind(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** The job that exercises the layer a mutation breaks. */
    public static JobKind forLayer(Mutation.Layer layer) {
        switch (layer) {
            case LOG:
                return DURABILITY;
            case RAFT:
                return QUORUM;
            case REPLICATION:
                return CLUSTER;
            default:
                return CONTROLLER; // (the cluster job runs the controller too: --job cluster)
        }
    }

    /** By command-line name; {@code null} if there is none. */
    public static JobKind byCliName(String name) {
        for (JobKind k : values()) {
            if (k.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
