package io.gregor.histories.linear;

/**
 * The set of (linearized operations, state) pairs the search has already explored — Lowe's cache. Reaching a
 * pair again means the same operations were linearized, in some other order, to the same state; everything that
 * follows was already tried, so the branch is cut.
 *
 * <p>An open-addressing table with linear probing. Each entry keeps a compact snapshot of the linearized set
 * ({@link LinearizedSet#snapshot}), the state, and a 64-bit hash (the set's Zobrist hash mixed with the state's
 * {@code hashCode}), so a probe compares the hash first and the set and the state only on a hash match.
 */
final class MemoTable {

    /**
     * Rough footprint of one state, for the memory estimate: a node of a persistent structure ({@link KvState},
     * {@link LogState}) or a boxed value; the rest of a state is shared with its parent.
     */
    static final int STATE_BYTES_ESTIMATE = 32;
    /** One slot: a long hash, a reference to the snapshot, a reference to the state. */
    private static final int SLOT_BYTES = 8 + 8 + 8;
    private static final int INITIAL_CAPACITY = 1 << 10;

    private long[] hashes;
    private long[][] bitsets;
    private Object[] states;
    private int mask;
    private int size;
    private long snapshotBytes;

    MemoTable() {
        allocate(INITIAL_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Estimated bytes held: slots, the entries' snapshots, and a guess at the states. */
    long estimatedBytes() {
        return (long) hashes.length * SLOT_BYTES + snapshotBytes + (long) size * STATE_BYTES_ESTIMATE;
    }

    /**
     * Adds the pair unless present. The set is copied (as a snapshot) on insert, so the caller may keep changing it.
     *
     * @return true if it was absent (and is now present)
     */
    boolean addIfAbsent(LinearizedSet linearized, Object state) {
        long hash = mix(linearized.hash() ^ (state.hashCode() * 0x9E3779B97F4A7C15L));
        int i = (int) hash & mask;
        while (true) {
            long[] present = bitsets[i];
            if (present == null) {
                break;
            }
            if (hashes[i] == hash && linearized.matches(present) && states[i].equals(state)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        bitsets[i] = linearized.snapshot();
        states[i] = state;
        size++;
        snapshotBytes += linearized.snapshotBytes();
        if (size * 2 > hashes.length) {
            grow();
        }
        return true;
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        bitsets = new long[capacity][];
        states = new Object[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[][] oldBitsets = bitsets;
        Object[] oldStates = states;
        allocate(oldHashes.length * 2);
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldBitsets[j] != null) {
                int i = (int) oldHashes[j] & mask;
                while (bitsets[i] != null) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                bitsets[i] = oldBitsets[j];
                states[i] = oldStates[j];
            }
        }
    }

    /** Stafford's variant 13 of the 64-bit finalizer (as in SplitMix64): spreads every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
