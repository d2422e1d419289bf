package io.gregor.histories.kafka;

import java.util.Arrays;

/**
 * One partition's offset -> (value, value id), remembered as the index is built, so that the common read — a
 * record some send or earlier poll already placed at that offset — is recognised by two array loads instead of a
 * hash lookup. Reads arrive in offset order, so these loads are sequential in memory.
 *
 * <p>Only integer values are cached, and only offsets in a window starting at the first one seen, growing to at
 * most a few times the partition's number of values (so sparse or huge offsets cost no memory: they just miss).
 */
final class OffsetCache {

    private static final int NONE = -1;
    private static final int SLACK = 4096;

    private long base = Long.MIN_VALUE;
    private int[] ids = new int[0];
    private long[] values = new long[0];

    /** The id of integer value {@code value} if it is known to sit at {@code offset}; else -1. */
    int get(long offset, long value) {
        long at = offset - base;
        if (at < 0 || at >= ids.length) {
            return NONE;
        }
        int id = ids[(int) at];
        return id >= 0 && values[(int) at] == value ? id : NONE;
    }

    /**
     * Remembers that integer value {@code value} (id {@code id}) sits at {@code offset}, unless the slot is
     * taken or the offset is too far out for a partition of {@code valueCount} values.
     */
    void put(long offset, long value, int id, int valueCount) {
        if (base == Long.MIN_VALUE) {
            base = offset;
        }
        long at = offset - base;
        if (at < 0) {
            return;
        }
        if (at >= ids.length) {
            long limit = 4L * valueCount + SLACK;
            if (at >= limit) {
                return;
            }
            int capacity = (int) Math.min(limit, Math.max(at + 1, 2L * ids.length + 16));
            int old = ids.length;
            ids = Arrays.copyOf(ids, capacity);
            values = Arrays.copyOf(values, capacity);
            Arrays.fill(ids, old, capacity, NONE);
        }
        if (ids[(int) at] == NONE) {
            ids[(int) at] = id;
            values[(int) at] = value;
        }
    }
}
