package io.gregor.log;

import io.gregor.env.DiskException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The flushes of a log waiting for their fsyncs, in the order they were asked. A flush completes only after every
 * earlier one: each flush fsyncs only the files written since the previous flush was issued, so a later flush
 * finishing first says nothing about the earlier one's files, and the recovery point must not jump past them.
 */
final class FlushQueue {

    /** One flush: the log end offset it makes durable and the fsyncs it still waits for. */
    static final class PendingFlush {
        private long targetOffset;
        private int outstanding;
        private DiskException error;
        private final Log.FlushCallback callback;

        private PendingFlush(long targetOffset, Log.FlushCallback callback, int outstanding) {
            this.targetOffset = targetOffset;
            this.callback = callback;
            this.outstanding = outstanding;
        }

        long targetOffset() {
            return targetOffset;
        }

        /** The first fsync error, or null. */
        DiskException error() {
            return error;
        }

        Log.FlushCallback callback() {
            return callback;
        }

        /** One of its fsyncs completed, with {@code failure} or null. */
        void fsyncDone(DiskException failure) {
            if (failure != null && error == null) {
                error = failure;
            }
            outstanding--;
        }
    }

    private final ArrayDeque<PendingFlush> pending = new ArrayDeque<>();

    /** Queues a flush of everything below {@code targetOffset} that waits for {@code fsyncs} completions. */
    PendingFlush add(long targetOffset, Log.FlushCallback callback, int fsyncs) {
        PendingFlush flush = new PendingFlush(targetOffset, callback, fsyncs);
        pending.addLast(flush);
        return flush;
    }

    /** The oldest flush if all its fsyncs are done, removed from the queue; otherwise null. */
    PendingFlush pollCompleted() {
        PendingFlush head = pending.peekFirst();
        if (head == null || head.outstanding > 0) {
            return null;
        }
        return pending.pollFirst();
    }

    /** The log was truncated to {@code logEndOffset}: no flush may report more than what is still there. */
    void clampTargets(long logEndOffset) {
        for (PendingFlush f : pending) {
            f.targetOffset = Math.min(f.targetOffset, logEndOffset);
        }
    }

    /** Empties the queue (the log failed) and returns what was waiting, oldest first. */
    List<PendingFlush> removeAll() {
        List<PendingFlush> all = new ArrayList<>(pending);
        pending.clear();
        return all;
    }
}
