package io.gregor.env;

/**
 * A node's contribution to the run's trace: protocol events worth a line (role changes, elections, truncations).
 * In the simulator every event also feeds the trace hash; in a real deployment it goes to the log.
 *
 * <p>Format of a line (the trace is an API): {@code <timeNs> n<node> <category> <text>}.
 */
public interface Trace {

    /** Records one event. {@code category} is a short lowercase word ({@code log}, {@code raft}, ...). */
    void event(String category, String text);

    /** Whether lines are being kept (hashing happens regardless); use it to skip building costly text. */
    default boolean verbose() {
        return false;
    }
}
