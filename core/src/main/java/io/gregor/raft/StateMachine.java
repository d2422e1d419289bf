package io.gregor.raft;

/**
 * What runs on top of the quorum (the controller's metadata image, a test's key-value store). Records are opaque
 * bytes to the quorum. Every node — leader or not — sees every committed record exactly once per node lifetime, in
 * offset order, as the high watermark passes it; after a restart the log is replayed from the start, or from the
 * latest snapshot if the state machine supports them.
 *
 * <p>Snapshots (KIP-630) are optional: a state machine that keeps the defaults ({@link #snapshot()} returns null)
 * is never snapshotted, and its log is never trimmed.
 */
public interface StateMachine {

    /** The record at {@code offset} is committed: a majority holds it durably and no leader will ever lose it. */
    void onCommit(long offset, byte[] record);

    /** A leader-change record at {@code offset} is committed: {@code leaderId} leads {@code epoch}. */
    default void onLeaderChange(long offset, int epoch, int leaderId) {
    }

    /**
     * The whole state after every record delivered so far, as bytes the quorum stores and ships verbatim; or null
     * if this state machine does not support snapshots (the default).
     */
    default byte[] snapshot() {
        return null;
    }

    /**
     * Replaces the whole state with a {@link #snapshot()} taken (here or on another node) after every record below
     * {@code endOffset}; the next record delivered is at or after {@code endOffset}. Only called on state machines
     * whose {@link #snapshot()} returns bytes.
     */
    default void restore(long endOffset, byte[] state) {
        throw new UnsupportedOperationException("this state machine does not support snapshots");
    }
}
