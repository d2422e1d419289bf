package io.gregor.sim;

import io.gregor.env.Env;
import io.gregor.env.Node;
import java.util.function.Supplier;

/**
 * Everything the simulator keeps about one node id across its incarnations: the factory that builds it, its disk
 * (which outlives crashes), its clock, its random streams, and the current incarnation's node object and Env.
 */
final class NodeSlot {

    final int nodeId;
    /** Dense index in order of addition: rows and columns of the network's link table. */
    final int index;
    /** Builds the node at start and at every restart; null for a driver (an Env with no Node behind it). */
    final Supplier<Node> factory;
    final SimEntropy entropy;
    /** Latency, loss and duplication draws for messages this node sends. */
    final SimEntropy netEntropy;
    final SimClock clock;
    final SimDisk disk;

    boolean up;
    /** Increases at every start; events carry the incarnation they were made for. */
    long incarnation;
    /** While virtual time is below this, the node's events are held (a GC pause, SIGSTOP). */
    long pausedUntilNs;
    Node node;
    Env env;

    NodeSlot(Simulation sim, int nodeId, int index, Supplier<Node> factory, SimEntropy root, SimConfig config) {
        this.nodeId = nodeId;
        this.index = index;
        this.factory = factory;
        this.entropy = root.fork("node/" + nodeId);
        this.netEntropy = entropy.fork("net");
        this.clock = new SimClock(sim, entropy.fork("clock"), config.clock());
        this.disk = new SimDisk(sim, this, entropy.fork("disk"), config.disk());
    }

    /** Whether events and views of {@code anIncarnation} may still act. */
    boolean isCurrent(long anIncarnation) {
        return up && incarnation == anIncarnation;
    }

    boolean isDriver() {
        return factory == null;
    }
}
