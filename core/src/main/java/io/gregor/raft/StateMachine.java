package io.gregor.raft;

/**
 * What runs on top of the quorum (the controller's metadata image, a test's key-value store). Records are opaque
 * bytes to the quorum. Every node — leader or not — sees every committed record exactly once per node lifetime, in
 * offset order, as the high watermark passes it; after a restart the log is replayed from the start.
 */
public interface StateMachine {

    /** The record at {@code offset} is committed: a majority holds it durably and no leader will ever lose it. */
    void onCommit(long offset, byte[] record);

    /** A leader-change record at {@code offset} is committed: {@code leaderId} leads {@code epoch}. */
    default void onLeaderChange(long offset, int epoch, int leaderId) {
    }
}
