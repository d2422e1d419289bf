package io.gregor.sim;

import io.gregor.env.DiskException;
import io.gregor.env.Env;
import io.gregor.env.Node;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A small workload node for determinism tests: every few ms it bumps a counter, gossips the highest value it knows
 * to a random peer, and now and then persists it with an fsync; on restart it reads the value back. It touches
 * every part of the Env (timers, network, disk, entropy, clock, trace) and tolerates every fault.
 */
final class GossipNode implements Node {

    /** The gossip message. */
    record Gossip(int origin, long value) {
    }

    private static final String STATE = "gossip/state";

    private final List<Integer> peers;
    private Env env;
    private long value;
    private long ticks;

    GossipNode(List<Integer> peers) {
        this.peers = peers;
    }

    @Override
    public void start(Env anEnv) {
        this.env = anEnv;
        try {
            if (env.disk().exists(STATE) && env.disk().size(STATE) >= 8) {
                ByteBuffer b = ByteBuffer.allocate(8);
                env.disk().read(STATE, 0, b);
                value = b.getLong(0);
            }
        } catch (DiskException e) {
            env.trace().event("gossip", "state unreadable: " + e.getMessage());
        }
        env.trace().event("gossip", "start value=" + value + " wall=" + env.clock().wallMillis());
        tick();
    }

    private void tick() {
        ticks++;
        value++;
        int peer = peers.get(env.entropy().nextInt(peers.size()));
        env.network().send(peer, new Gossip(env.nodeId(), value));
        if (ticks % 5 == 0) {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(0, value);
            env.disk().write(STATE, 0, b);
            long persisted = value;
            env.disk().fsync(STATE, error -> env.trace().event("gossip",
                    (error == null ? "persisted " : "persist failed ") + persisted));
        }
        env.timers().schedule(env.entropy().between(1_000_000L, 10_000_000L), this::tick);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        Gossip g = (Gossip) message;
        if (g.value() > value) {
            value = g.value();
            if (env.entropy().chance(0.3)) {
                env.network().send(peers.get(env.entropy().nextInt(peers.size())), new Gossip(g.origin(), value));
            }
        }
    }

    @Override
    public void onConnection(int peerNodeId, boolean up) {
        env.trace().event("gossip", "connection to n" + peerNodeId + (up ? " up" : " down") + " at "
                + env.clock().nanoTime());
    }
}
