package io.gregor.sim;

import io.gregor.env.Network;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * The simulated network: a table of directed links between nodes, each with its own partition flag, clog and FIFO
 * bookkeeping, and a connection per pair of nodes shared by both directions.
 *
 * <h2>What a message goes through</h2>
 * A send on a connection that is down brings it up first (both ends get {@code onConnection(peer, true)}). Then the
 * message is dropped if its link is partitioned or if the loss draw says so; otherwise it is delivered after a
 * latency drawn from the sender's network stream, no earlier than the link's clog ends, and (with FIFO links) no
 * earlier than the previous message on the link. It may be duplicated (the copy has its own latency).
 *
 * <h2>Connections</h2>
 * A connection has a generation. Breaking it (a fault, or a crash of either end) bumps the generation, so every
 * message in flight on it is dropped on arrival, and tells both live ends {@code onConnection(peer, false)}.
 */
public final class SimNetwork {

    private final Simulation sim;
    private NetworkConfig config;
    private NodeSlot[] slots = new NodeSlot[8];
    private Link[][] links = new Link[8][8];
    private int count;

    /** A TCP-like connection between two nodes (or a node and itself). */
    static final class Connection {
        long generation;
        boolean up = true;
    }

    /** One direction between two nodes. */
    static final class Link {
        final Connection connection;
        boolean blocked;
        long clogUntilNs;
        long lastDeliveryNs;

        Link(Connection connection) {
            this.connection = connection;
        }
    }

    SimNetwork(Simulation sim, NetworkConfig config) {
        this.sim = sim;
        this.config = config;
    }

    public NetworkConfig config() {
        return config;
    }

    void nodeAdded(NodeSlot slot) {
        if (count == slots.length) {
            int capacity = slots.length * 2;
            slots = Arrays.copyOf(slots, capacity);
            Link[][] grown = new Link[capacity][capacity];
            for (int i = 0; i < count; i++) {
                System.arraycopy(links[i], 0, grown[i], 0, count);
            }
            links = grown;
        }
        int i = slot.index;
        slots[i] = slot;
        count++;
        for (int j = 0; j < i; j++) {
            Connection c = new Connection();
            links[i][j] = new Link(c);
            links[j][i] = new Link(c);
        }
        links[i][i] = new Link(new Connection());
    }

    /** The {@link Network} one incarnation of a node sends through. */
    Network view(NodeSlot slot, long incarnation) {
        return (toNodeId, message) -> send(slot, incarnation, toNodeId, message);
    }

    void send(NodeSlot from, long incarnation, int toNodeId, Object message) {
        Objects.requireNonNull(message, "message");
        if (!from.isCurrent(incarnation)) {
            return; // a crashed incarnation's network is gone
        }
        NodeSlot to = sim.slotOrNull(toNodeId);
        if (to == null) {
            sim.traceDrop(from.nodeId, toNodeId, message, "unknown-node");
            return;
        }
        if (!to.up) {
            sim.traceDrop(from.nodeId, toNodeId, message, "node-down");
            return;
        }
        Link link = links[from.index][to.index];
        Connection c = link.connection;
        if (!c.up) {
            c.up = true;
            sim.scheduleConnection(from, to.nodeId, true);
            if (to != from) {
                sim.scheduleConnection(to, from.nodeId, true);
            }
        }
        if (link.blocked) {
            sim.traceDrop(from.nodeId, toNodeId, message, "partitioned");
            return;
        }
        SimEntropy random = from.netEntropy;
        if (config.lossRate() > 0 && random.chance(config.lossRate())) {
            sim.traceDrop(from.nodeId, toNodeId, message, "lost");
            return;
        }
        transmit(from, to, link, message, random);
        if (config.duplicateRate() > 0 && random.chance(config.duplicateRate())) {
            sim.traceDuplicate(from.nodeId, toNodeId, message);
            transmit(from, to, link, message, random);
        }
    }

    private void transmit(NodeSlot from, NodeSlot to, Link link, Object message, SimEntropy random) {
        long atNs = sim.nowNs() + config.latency().draw(random);
        if (atNs < link.clogUntilNs) {
            atNs = link.clogUntilNs;
        }
        if (config.fifoLinks()) {
            if (atNs < link.lastDeliveryNs) {
                atNs = link.lastDeliveryNs;
            }
            link.lastDeliveryNs = atNs;
        }
        sim.scheduleMessage(to, from.nodeId, message, link.connection.generation, atNs);
    }

    /** Whether a message sent on generation {@code generation} from {@code from} to {@code to} may still arrive. */
    boolean stillConnected(NodeSlot from, NodeSlot to, long generation) {
        return links[from.index][to.index].connection.generation == generation;
    }

    /**
     * Blocks every link from a node of {@code from} to a node of {@code to}, and the reverse links too when
     * {@code bothWays}. Messages already in flight still arrive. Unknown ids are ignored.
     */
    public void partition(Collection<Integer> from, Collection<Integer> to, boolean bothWays) {
        for (int a : from) {
            for (int b : to) {
                setBlocked(a, b, true);
                if (bothWays) {
                    setBlocked(b, a, true);
                }
            }
        }
    }

    /** Unblocks the links between every node of {@code a} and every node of {@code b}, both ways. */
    public void reconnect(Collection<Integer> a, Collection<Integer> b) {
        for (int i : a) {
            for (int j : b) {
                setBlocked(i, j, false);
                setBlocked(j, i, false);
            }
        }
    }

    /** Ends message loss and duplication (the heal at a run's end: the faults stop, the latencies stay). */
    public void endLossAndDuplication() {
        config = config.withLossRate(0).withDuplicateRate(0);
    }

    /** Unblocks every link. */
    public void heal() {
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                links[i][j].blocked = false;
            }
        }
    }

    /** Holds every message sent on the link from {@code fromNodeId} to {@code toNodeId} until {@code untilNs}. */
    public void clog(int fromNodeId, int toNodeId, long untilNs) {
        Link link = linkOrNull(fromNodeId, toNodeId);
        if (link != null && untilNs > link.clogUntilNs) {
            link.clogUntilNs = untilNs;
        }
    }

    /** Ends every clog now: messages already held keep their release time, new ones pass. */
    public void unclogAll() {
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                links[i][j].clogUntilNs = 0;
            }
        }
    }

    /** Breaks the connection between two nodes: in-flight messages are lost, live ends are told. */
    public void breakConnection(int aNodeId, int bNodeId) {
        NodeSlot a = sim.slotOrNull(aNodeId);
        NodeSlot b = sim.slotOrNull(bNodeId);
        if (a != null && b != null) {
            breakConnection(a, b);
        }
    }

    private void breakConnection(NodeSlot a, NodeSlot b) {
        Connection c = links[a.index][b.index].connection;
        c.generation++;
        if (c.up) {
            c.up = false;
            if (a != b) {
                if (a.up) {
                    sim.scheduleConnection(a, b.nodeId, false);
                }
                if (b.up) {
                    sim.scheduleConnection(b, a.nodeId, false);
                }
            }
        }
    }

    /** A crash breaks every connection of the node (its peers see them go down). */
    void nodeCrashed(NodeSlot crashed) {
        for (int j = 0; j < count; j++) {
            breakConnection(crashed, slots[j]);
        }
    }

    public boolean isBlocked(int fromNodeId, int toNodeId) {
        Link link = linkOrNull(fromNodeId, toNodeId);
        return link != null && link.blocked;
    }

    /** Whether the connection between two nodes is up (it comes up again on the next send). */
    public boolean isConnected(int aNodeId, int bNodeId) {
        Link link = linkOrNull(aNodeId, bNodeId);
        return link != null && link.connection.up;
    }

    private void setBlocked(int fromNodeId, int toNodeId, boolean blocked) {
        Link link = linkOrNull(fromNodeId, toNodeId);
        if (link != null) {
            link.blocked = blocked;
        }
    }

    private Link linkOrNull(int fromNodeId, int toNodeId) {
        NodeSlot a = sim.slotOrNull(fromNodeId);
        NodeSlot b = sim.slotOrNull(toNodeId);
        return a == null || b == null ? null : links[a.index][b.index];
    }
}
