package io.gregor.env;

/**
 * Messages between nodes, addressed by node id. Delivery is best effort: a message may be delayed, lost,
 * duplicated or reordered (in the simulator, as its faults say; on TCP, lost only when its connection breaks).
 * Protocols must tolerate all of these.
 */
public interface Network {

    /** Sends an immutable message to {@code toNodeId}. Never blocks; a message to an unknown node is dropped. */
    void send(int toNodeId, Object message);
}
