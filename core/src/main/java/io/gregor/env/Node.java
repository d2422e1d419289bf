package io.gregor.env;

/**
 * A single-threaded event handler: the unit the simulator crashes, pauses and restarts.
 *
 * <p>Every method runs on the node's one event loop. A node never blocks, sleeps or reads a clock or a file
 * directly: it acts through the {@link Env} it was started with. Timer callbacks and fsync completions are
 * delivered through the callbacks the node registered with {@link Timers} and {@link Disk}.
 */
public interface Node {

    /** Called once, before any other event. The node keeps {@code env} for its whole life. */
    void start(Env env);

    /** A message from {@code fromNodeId} arrived. Messages are immutable domain objects (records). */
    void onMessage(int fromNodeId, Object message);

    /**
     * The connection to {@code peerNodeId} went up or down. When it goes down, messages in flight on it are lost;
     * the network reconnects on the next send.
     */
    default void onConnection(int peerNodeId, boolean up) {
    }
}
