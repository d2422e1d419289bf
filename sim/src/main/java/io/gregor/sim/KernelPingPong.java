package io.gregor.sim;

import io.gregor.env.Env;
import io.gregor.env.Node;

/**
 * The simulator kernel alone, for benchmarks' baselines: {@code nodes} nodes pass messages on, each delivery sending
 * the message to a random node, so that a constant number stay in flight; the trace hash is on, as in every run.
 * What a real job costs per event beyond this is the cost of its nodes and its checks.
 */
public final class KernelPingPong {

    /** Messages each node starts with: the number in flight is this times the node count. */
    public static final int MESSAGES_PER_NODE = 4;

    private KernelPingPong() {
    }

    /** A simulation of {@code nodes} ping-pong nodes, ready to {@link Simulation#step() step}. */
    public static Simulation build(long seed, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node, not " + nodes);
        }
        Simulation sim = new Simulation(seed, SimConfig.defaults());
        for (int id = 0; id < nodes; id++) {
            sim.addNode(id, () -> new Player(nodes));
        }
        return sim;
    }

    /** A node that answers every message by passing it on to a random peer. */
    private static final class Player implements Node {
        private final int clusterSize;
        private Env env;

        Player(int clusterSize) {
            this.clusterSize = clusterSize;
        }

        @Override
        public void start(Env anEnv) {
            env = anEnv;
            // from a timer, so that every node of the cluster exists when the first messages are sent
            env.timers().schedule(0, () -> {
                for (int i = 0; i < MESSAGES_PER_NODE; i++) {
                    env.network().send(env.entropy().nextInt(clusterSize), Long.valueOf(1_000L + i));
                }
            });
        }

        @Override
        public void onMessage(int fromNodeId, Object message) {
            env.network().send(env.entropy().nextInt(clusterSize), message); // messages are immutable: pass it on
        }
    }
}
