package io.gregor.histories.linear;

import java.util.Arrays;
import java.util.List;

/** Sorting helpers for the search's entry list. */
final class EntryOrder {

    private static final int ID_BITS = 24;
    private static final long MAX_PACKED_POSITION = (1L << (63 - ID_BITS)) - 1;

    private EntryOrder() {
    }

    /**
     * Indexes of {@code operations} sorted by return position; operations returning at infinity come last, in
     * index order. Packs (position, index) into one long and sorts primitives when they fit, which they do for any
     * history under half a trillion events and parts under 16 million operations.
     */
    static int[] byReturnPosition(List<Operation> operations) {
        int n = operations.size();
        int[] out = new int[n];
        if (n < (1 << ID_BITS)) {
            long[] keys = new long[n];
            boolean fits = true;
            for (int i = 0; i < n && fits; i++) {
                long position = operations.get(i).returnPosition();
                if (position == Operation.INFINITY) {
                    position = MAX_PACKED_POSITION;
                } else if (position >= MAX_PACKED_POSITION) {
                    fits = false;
                }
                keys[i] = (position << ID_BITS) | i;
            }
            if (fits) {
                Arrays.sort(keys);
                for (int i = 0; i < n; i++) {
                    out[i] = (int) (keys[i] & ((1L << ID_BITS) - 1));
                }
                return out;
            }
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(operations.get(a).returnPosition(), operations.get(b).returnPosition());
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int i = 0; i < n; i++) {
            out[i] = boxed[i];
        }
        return out;
    }
}
