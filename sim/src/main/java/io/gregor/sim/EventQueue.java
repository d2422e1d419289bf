package io.gregor.sim;

import io.gregor.common.Invariant;
import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap ordered by (time, sequence number), so events at the same instant fire
 * in the order they were scheduled — deterministic tie-breaking. Entries come from a pool and go back to it, so a
 * run in steady state allocates nothing per event. Each queued entry knows its heap index, which makes removal
 * (cancelling a timer) O(log n).
 */
final class EventQueue {

    /** The most events that may be pending at once: a run that exceeds it has a runaway node. */
    static final int MAX_PENDING_EVENTS = 1 << 24;

    private Event[] heap = new Event[256];
    private int size;
    private Event[] pool = new Event[256];
    private int poolSize;
    private Event[] free = new Event[256];
    private int freeCount;
    private long nextSeq;

    /** A cleared entry to fill in and {@link #push}. */
    Event acquire() {
        Event e;
        if (freeCount > 0) {
            e = free[--freeCount];
            free[freeCount] = null;
        } else {
            Invariant.check(poolSize < MAX_PENDING_EVENTS, "event queue bound exceeded: more than "
                    + MAX_PENDING_EVENTS + " events pending (a node schedules without limit?)");
            if (poolSize == pool.length) {
                pool = Arrays.copyOf(pool, pool.length * 2);
            }
            e = new Event(poolSize);
            pool[poolSize++] = e;
        }
        e.useCount++;
        return e;
    }

    /** Returns an entry that is not queued to the pool. */
    void release(Event e) {
        Invariant.check(e.heapIndex < 0, "releasing a queued event");
        e.clear();
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = e;
    }

    /** Queues {@code e} at {@code timeNs}, after every event already queued for that instant. */
    void push(Event e, long timeNs) {
        e.timeNs = timeNs;
        e.seq = nextSeq++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        siftUp(size++, e);
    }

    /** The next event, or null. */
    Event peek() {
        return size == 0 ? null : heap[0];
    }

    /** Removes and returns the next event, or null. */
    Event poll() {
        if (size == 0) {
            return null;
        }
        Event top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes a queued entry (it stays acquired: release it). */
    void remove(Event e) {
        Invariant.check(e.heapIndex >= 0 && heap[e.heapIndex] == e, "removing an event that is not queued");
        removeAt(e.heapIndex);
    }

    /** The queued TIMER entry with this id, or null if it fired, was cancelled or never existed. */
    Event queuedTimer(long timerId) {
        int index = (int) (timerId & 0xFFFFFFFFL) - 1;
        if (index < 0 || index >= poolSize) {
            return null;
        }
        Event e = pool[index];
        return e.kind == Event.TIMER && e.heapIndex >= 0 && e.timerId() == timerId ? e : null;
    }

    int size() {
        return size;
    }

    private void removeAt(int index) {
        Event removed = heap[index];
        removed.heapIndex = -1;
        int last = --size;
        Event moved = heap[last];
        heap[last] = null;
        if (index == last) {
            return;
        }
        siftDown(index, moved);
        if (heap[index] == moved) {
            siftUp(index, moved);
        }
    }

    private void siftUp(int index, Event e) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Event p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[index] = p;
            p.heapIndex = index;
            index = parent;
        }
        heap[index] = e;
        e.heapIndex = index;
    }

    private void siftDown(int index, Event e) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            Event c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, e)) {
                break;
            }
            heap[index] = c;
            c.heapIndex = index;
            index = child;
        }
        heap[index] = e;
        e.heapIndex = index;
    }

    private static boolean before(Event a, Event b) {
        return a.timeNs < b.timeNs || (a.timeNs == b.timeNs && a.seq < b.seq);
    }
}
