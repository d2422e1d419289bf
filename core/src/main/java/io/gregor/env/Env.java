package io.gregor.env;

import java.util.Objects;

/**
 * Everything a node may touch, bundled. A node receives one in {@link Node#start(Env)} and keeps it.
 *
 * @param nodeId this node's id in the cluster
 * @param clock monotonic and wall time
 * @param timers one-shot timers on the node's loop
 * @param network messages to other nodes
 * @param disk this node's own disk (a node never sees another node's disk)
 * @param entropy seeded randomness for this node
 * @param trace protocol events for the run's trace
 */
public record Env(int nodeId, Clock clock, Timers timers, Network network, Disk disk, Entropy entropy, Trace trace) {

    public Env {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(entropy, "entropy");
        Objects.requireNonNull(trace, "trace");
    }
}
