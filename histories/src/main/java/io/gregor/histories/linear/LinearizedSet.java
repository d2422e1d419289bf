package io.gregor.histories.linear;

/**
 * The set of operations linearized so far: a bitset with an incrementally maintained Zobrist hash and a compact
 * snapshot form for the memo.
 *
 * <p>The search linearizes operations roughly in invocation order, so the set is nearly always "every operation
 * up to some point, plus a few beyond it" — a run of full words, a short window of mixed words, then zeros. A
 * snapshot stores only the window and where it starts, so a memo entry for a 10,000-operation part costs a few
 * words rather than 157, and comparing one costs as little.
 */
final class LinearizedSet {

    private final long[] words;
    private final long[] zobrist;
    private long hash;
    /** Every word below {@code low} is full (all 64 bits set). */
    private int low;
    /** Every word above {@code high} is zero; {@code high < low} when there is no mixed window. */
    private int high = -1;

    LinearizedSet(int operations) {
        this.words = new long[(operations >>> 6) + 1];
        this.zobrist = new long[operations];
        for (int i = 0; i < operations; i++) {
            zobrist[i] = MemoTable.mix(0x9E3779B97F4A7C15L * (i + 1));
        }
    }

    /** The Zobrist hash: the XOR of a fixed random 64-bit value per member. */
    long hash() {
        return hash;
    }

    void add(int op) {
        int w = op >>> 6;
        words[w] |= 1L << op;
        hash ^= zobrist[op];
        if (w > high) {
            high = w;
        }
        while (low < words.length && words[low] == -1L) {
            low++;
        }
    }

    void remove(int op) {
        int w = op >>> 6;
        words[w] &= ~(1L << op);
        hash ^= zobrist[op];
        if (w < low) {
            low = w;
        }
        while (high >= 0 && words[high] == 0) {
            high--;
        }
    }

    /** A compact copy: {@code [low, words[low..high]...]}. */
    long[] snapshot() {
        int window = Math.max(0, high - low + 1);
        long[] out = new long[1 + window];
        out[0] = low;
        System.arraycopy(words, low, out, 1, window);
        return out;
    }

    /** Whether {@code snapshot} (from {@link #snapshot}) is a copy of this set as it is now. */
    boolean matches(long[] snapshot) {
        int window = Math.max(0, high - low + 1);
        if (snapshot[0] != low || snapshot.length != 1 + window) {
            return false;
        }
        for (int i = 0; i < window; i++) {
            if (snapshot[1 + i] != words[low + i]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes a snapshot takes now, for the memo's memory estimate. */
    int snapshotBytes() {
        return 16 + 8 * (1 + Math.max(0, high - low + 1));
    }
}
