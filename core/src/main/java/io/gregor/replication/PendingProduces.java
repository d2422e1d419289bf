package io.gregor.replication;

import io.gregor.replication.ReplicaMessage.ProduceResponse;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongConsumer;

/**
 * Produce requests appended on the leader and waiting to be answered (Kafka's produce purgatory): acks=all until the
 * high watermark passes their last offset, acks=1 with {@code flushOnAppend} until the leader's log is durable past
 * it. Appends are in offset order, so the queue is too and completion pops from the front.
 */
final class PendingProduces {

    private record Pending(long baseOffset, long requiredOffset, boolean waitForIsr, long logAppendTimeMs,
            long deadlineNs, ProduceCallback callback) {
    }

    /** The most produce requests one partition holds waiting; more are refused (an explicit bound, not growth). */
    static final int MAX_PENDING = 10_000;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    int size() {
        return queue.size();
    }

    boolean isFull() {
        return queue.size() >= MAX_PENDING;
    }

    /**
     * @param requiredOffset the offset the high watermark (or the durable offset) must reach: last offset + 1
     * @param waitForIsr acks=all (wait for the high watermark) rather than acks=1 (wait for the local flush)
     */
    void add(long baseOffset, long requiredOffset, boolean waitForIsr, long logAppendTimeMs, long deadlineNs,
            ProduceCallback callback) {
        queue.addLast(new Pending(baseOffset, requiredOffset, waitForIsr, logAppendTimeMs, deadlineNs, callback));
    }

    /**
     * Answers every request the marks now satisfy. An acks=all request whose offsets the ISR holds is still refused
     * with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the (maximal) ISR is now smaller than min.insync.replicas: the data is
     * committed, but not as widely as the producer asked. {@code acknowledged} hears the required offset of each
     * acks=all write answered with success, before its answer.
     */
    void complete(long highWatermark, long durableOffset, int maximalIsrSize, int minInsyncReplicas,
            LongConsumer acknowledged) {
        Iterator<Pending> it = queue.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            long mark = p.waitForIsr() ? highWatermark : durableOffset;
            if (mark < p.requiredOffset()) {
                continue; // acks=1 and acks=all entries interleave: keep looking
            }
            it.remove();
            // (Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR: the caller passes 1 as the minimum)
            if (p.waitForIsr() && maximalIsrSize < minInsyncReplicas) {
                p.callback().complete(new ProduceResponse(ReplicationErrors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                        p.baseOffset(), p.logAppendTimeMs(), "the ISR shrank to " + maximalIsrSize
                        + " replicas, below min.insync.replicas " + minInsyncReplicas + ", before the write completed"));
            } else {
                if (p.waitForIsr()) {
                    acknowledged.accept(p.requiredOffset());
                }
                p.callback().complete(new ProduceResponse(ReplicationErrors.NONE, p.baseOffset(), p.logAppendTimeMs(),
                        null));
            }
        }
    }

    /** Answers REQUEST_TIMED_OUT to every request whose deadline passed. */
    void expire(long nowNs) {
        Iterator<Pending> it = queue.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (nowNs >= p.deadlineNs()) {
                it.remove();
                p.callback().complete(new ProduceResponse(ReplicationErrors.REQUEST_TIMED_OUT, p.baseOffset(),
                        p.logAppendTimeMs(), "the in-sync replicas did not acknowledge offset "
                        + (p.requiredOffset() - 1) + " in time"));
            }
        }
    }

    /** Answers {@code error} to everything waiting (this replica stopped leading). */
    void failAll(ReplicationErrors error, String message) {
        while (!queue.isEmpty()) {
            queue.pollFirst().callback().complete(ProduceResponse.error(error, message));
        }
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE}. */
    long nextDeadlineNs() {
        long min = Long.MAX_VALUE;
        for (Pending p : queue) {
            min = Math.min(min, p.deadlineNs());
        }
        return min;
    }
}
