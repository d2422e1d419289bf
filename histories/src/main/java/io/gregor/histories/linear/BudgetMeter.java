package io.gregor.histories.linear;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks one check's spending against its {@link Budget}: the deadline, and memo entries and bytes across the
 * parts being searched. Searches charge it in batches and ask it whether to stop; once exhausted it stays
 * exhausted, and says why. Safe to share between searches running on several threads.
 */
final class BudgetMeter {

    private final Budget budget;
    private final long deadlineNs;
    private final AtomicLong memoEntries = new AtomicLong();
    private final AtomicLong memoBytes = new AtomicLong();
    private volatile String exhausted;

    BudgetMeter(Budget budget, long startNs) {
        this.budget = budget;
        long ns = budget.maxWallTimeMs() >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE / 2
                : budget.maxWallTimeMs() * 1_000_000;
        this.deadlineNs = startNs + ns;
    }

    /** Why the budget ran out, or null while it has not. */
    String exhaustedReason() {
        return exhausted;
    }

    boolean isExhausted() {
        return exhausted != null;
    }

    /** Adds memo growth (or, negative, a finished search's release) and checks every limit; false once exhausted. */
    boolean charge(long entries, long bytes) {
        long e = memoEntries.addAndGet(entries);
        long b = memoBytes.addAndGet(bytes);
        if (exhausted != null) {
            return false;
        }
        if (entries > 0 && e > budget.maxMemoEntries()) {
            exhaust("memo budget of " + budget.maxMemoEntries() + " entries exhausted");
        } else if (bytes > 0 && b > budget.maxMemoBytes()) {
            exhaust("memo budget of " + budget.maxMemoBytes() / (1024 * 1024) + " MiB exhausted");
        } else if (System.nanoTime() - deadlineNs > 0) {
            exhaust("wall time budget of " + budget.maxWallTimeMs() + " ms exhausted");
        }
        return exhausted == null;
    }

    /** Marks the budget exhausted for {@code reason} (the first reason wins). */
    synchronized void exhaust(String reason) {
        if (exhausted == null) {
            exhausted = reason;
        }
    }
}
