package io.gregor.sim;

/**
 * One entry of the event queue. Entries are pooled and reused ({@link EventQueue}), so the fields are mutable and
 * every use sets the ones its kind reads; {@link #clear()} drops references when an entry goes back to the pool.
 */
final class Event {

    static final int MESSAGE = 1;
    static final int TIMER = 2;
    static final int FSYNC = 3;
    static final int CONNECTION = 4;
    static final int CALLBACK = 5;
    static final int FAULT = 6;

    /** When the event fires (virtual ns) and its tie-breaker: lower sequence numbers fire first. */
    long timeNs;
    long seq;
    int kind;
    /** The node the event is for, or null for harness callbacks and faults. */
    NodeSlot target;
    /** The incarnation of {@link #target} it was made for: events of an older incarnation are dropped. */
    long incarnation;
    /** MESSAGE: the sender; CONNECTION: the peer. */
    int peerNodeId;
    /** MESSAGE: the connection generation it was sent on; a break in between drops it. */
    long generation;
    /** CONNECTION: up or down. */
    boolean up;
    /** MESSAGE: the message; TIMER and CALLBACK: the Runnable; FSYNC: the SimDisk.PendingFsync; FAULT: the fault. */
    Object payload;

    /** Position in the heap array, or -1 when not queued. */
    int heapIndex = -1;
    /** Position in the pool, fixed for the entry's life; part of timer ids. */
    final int poolIndex;
    /** How many times this entry has been handed out; part of timer ids, so a stale id never matches. */
    int useCount;

    Event(int poolIndex) {
        this.poolIndex = poolIndex;
    }

    void clear() {
        target = null;
        payload = null;
        kind = 0;
        up = false;
    }

    /** The id a TIMER entry is known by: use count in the high half, pool index + 1 in the low (never 0). */
    long timerId() {
        return ((long) useCount << 32) | (poolIndex + 1L);
    }
}
