package io.gregor.sim;

import io.gregor.common.Invariant;
import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap ordered by (time, sequence number), so events at the same instant fire
 * in the order they were scheduled — deterministic tie-breaking. Entries come from a pool and go back to it, so a
 * run in steady state allocates nothing per event. Each queued entry knows its heap index, which makes removal
 * (cancelling a timer) O(log n). The keys are kept beside the heap in two arrays, in heap order, so that the sifts
 * compare without visiting the entries themselves.
 */
final class EventQueue {

    /** The most events that may be pending at once: a run that exceeds it has a runaway node. */
    static final int MAX_PENDING_EVENTS = 1 << 24;

    private Event[] heap = new Event[256];
    /** {@code heap[i].timeNs} and {@code heap[i].seq}, for the comparisons. */
    private long[] times = new long[256];
    private long[] seqs = new long[256];
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
            times = Arrays.copyOf(times, heap.length);
            seqs = Arrays.copyOf(seqs, heap.length);
        }
        siftUp(size++, e, timeNs, e.seq);
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
        long time = times[last];
        long seq = seqs[last];
        siftDown(index, moved, time, seq);
        if (heap[index] == moved) {
            siftUp(index, moved, time, seq);
        }
    }

    private void siftUp(int index, Event e, long time, long seq) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(time, seq, times[parent], seqs[parent])) {
                break;
            }
            move(parent, index);
            index = parent;
        }
        place(index, e, time, seq);
    }

    private void siftDown(int index, Event e, long time, long seq) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && before(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!before(times[child], seqs[child], time, seq)) {
                break;
            }
            move(child, index);
            index = child;
        }
        place(index, e, time, seq);
    }

    private void move(int from, int to) {
        Event e = heap[from];
        heap[to] = e;
        times[to] = times[from];
        seqs[to] = seqs[from];
        e.heapIndex = to;
    }

    private void place(int index, Event e, long time, long seq) {
        heap[index] = e;
        times[index] = time;
        seqs[index] = seq;
        e.heapIndex = index;
    }

    private static boolean before(long timeA, long seqA, long timeB, long seqB) {
        return timeA < timeB || (timeA == timeB && seqA < seqB);
    }
}
