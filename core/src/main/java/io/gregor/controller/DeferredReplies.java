package io.gregor.controller;

import io.gregor.common.Invariant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies waiting for their records to commit (Kafka's DeferredEventQueue): a reply is released once the
 * committed offset reaches its {@link ControllerResult#commitOffset()}, in the order they were added. On
 * resignation the waiting replies are dropped — their records may never commit, and the caller answers
 * NOT_CONTROLLER so the broker retries against the new controller.
 *
 * @param <T> what the caller needs to send a reply (the reply plus its destination, say)
 */
public final class DeferredReplies<T> {

    /** Bound on waiting replies: one per in-flight request, so hitting it means the log stopped committing. */
    public static final int MAX_WAITING = 100_000;

    private record Waiting<T>(long commitOffset, T reply) {
    }

    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();

    /**
     * Queues {@code reply} until {@code commitOffset} commits. Replies leave in the order they were added: one that
     * needs an earlier offset than a reply queued before it (a refusal judged against pending state, behind a
     * barrier read, say) waits for that later offset too — later is always safe, overtaking is not needed.
     */
    public void add(long commitOffset, T reply) {
        Invariant.check(waiting.size() < MAX_WAITING, "more than %s replies wait for a commit", MAX_WAITING);
        long offset = waiting.isEmpty() ? commitOffset : Math.max(commitOffset, waiting.peekLast().commitOffset());
        waiting.add(new Waiting<>(offset, reply));
    }

    /** Removes and returns, in order, every reply whose offset is at or below {@code committedOffset}. */
    public List<T> completeUpTo(long committedOffset) {
        List<T> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peek().commitOffset() <= committedOffset) {
            out.add(waiting.poll().reply());
        }
        return out;
    }

    /** Removes and returns every waiting reply (on resignation), in order. */
    public List<T> failAll() {
        List<T> out = new ArrayList<>();
        while (!waiting.isEmpty()) {
            out.add(waiting.poll().reply());
        }
        return out;
    }

    public int size() {
        return waiting.size();
    }
}
