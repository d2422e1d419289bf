package io.gregor.histories.linear;

/**
 * How much a linearizability check may spend before it answers {@code unknown}.
 *
 * <p>The search is exponential in the worst case, and its memo grows with it; a checker that dies of
 * {@code OutOfMemoryError} or runs for a day tells the user nothing. The budget is the point at which the
 * checker stops and reports what it explored instead.
 *
 * @param maxWallTimeMs wall-clock time for the whole check, all parts together
 * @param maxMemoEntries (linearized set, state) pairs the memo may hold, summed over the parts searched at once
 * @param maxMemoBytes the memo's estimated footprint (bitset copies, states, table slots), summed likewise
 */
public record Budget(long maxWallTimeMs, long maxMemoEntries, long maxMemoBytes) {

    /** Default time budget: a minute. */
    public static final long DEFAULT_MAX_WALL_TIME_MS = 60_000;
    /** Default memo entry budget. */
    public static final long DEFAULT_MAX_MEMO_ENTRIES = 20_000_000;

    public Budget {
        if (maxWallTimeMs <= 0 || maxMemoEntries <= 0 || maxMemoBytes <= 0) {
            throw new IllegalArgumentException("budget limits must be positive: time " + maxWallTimeMs
                    + " ms, " + maxMemoEntries + " memo entries, " + maxMemoBytes + " memo bytes");
        }
    }

    /** A minute, twenty million memo entries, and at most a third of the heap this JVM may grow to. */
    public static Budget defaults() {
        return new Budget(DEFAULT_MAX_WALL_TIME_MS, DEFAULT_MAX_MEMO_ENTRIES, Runtime.getRuntime().maxMemory() / 3);
    }

    /** The default budget with another time limit. */
    public static Budget ofMillis(long maxWallTimeMs) {
        Budget d = defaults();
        return new Budget(maxWallTimeMs, d.maxMemoEntries, d.maxMemoBytes);
    }

    public Budget withMaxMemoEntries(long entries) {
        return new Budget(maxWallTimeMs, entries, maxMemoBytes);
    }

    public Budget withMaxMemoBytes(long bytes) {
        return new Budget(maxWallTimeMs, maxMemoEntries, bytes);
    }
}
