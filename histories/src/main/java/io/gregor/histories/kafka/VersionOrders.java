package io.gregor.histories.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each partition's version order, as the offsets the history reveals it.
 *
 * <p>Following jepsen.tests.kafka's {@code version-orders}: offsets come from the sends of txns whose effects
 * must have been visible ({@link KafkaIndex#committed}) and from every poll, whatever its outcome (Kafka's
 * consumers are meant to return only committed data even inside a txn that later aborts). The distinct offsets of
 * a key, sorted, are numbered 0, 1, 2...: these <em>indexes</em> are dense offsets, so the gaps Kafka leaves for
 * transaction markers do not count as skips. An offset seen with two values is an inconsistent offset; a value
 * seen at two offsets is a duplicate.
 */
final class VersionOrders {

    /** One offset of a key observed with several values. */
    record Conflict(int key, long offset, int[] values, int[] observers) {
    }

    /** One value observed at several offsets of its key. */
    record Duplicate(int value, long[] offsets, int[] observers) {
    }

    private final KafkaIndex index;
    /** Per key: index -> offset, ascending. */
    final long[][] indexOffset;
    /** Per key: index -> a value at that offset (the first observed when there are several). */
    final int[][] indexValue;
    /** Per value: its lowest and highest index, or -1 when no committed send or poll gave it an offset. */
    final int[] valueFirstIndex;
    final int[] valueLastIndex;
    /** Per read / per write: the index of the offset it names, else of its value, else -1. */
    final int[] readIndex;
    final int[] writeIndex;
    final List<Conflict> conflicts = new ArrayList<>();
    final List<Duplicate> duplicates = new ArrayList<>();

    /** Per key, offset -> index lookup: a dense table when offsets are dense enough, else binary search. */
    private final long[] tableBase;
    private final int[][] table;

    VersionOrders(KafkaIndex index) {
        this.index = index;
        int keyCount = index.keyCount();
        int valueCount = index.valueCount();
        long[] firstOffset = new long[valueCount];
        int[] firstObserver = new int[valueCount];
        Arrays.fill(firstOffset, KafkaIndex.NO_OFFSET);
        // value -> (offset -> observer) for the rare values seen at a second offset; lookups, then sorted output
        Map<Integer, Map<Long, Integer>> extra = new HashMap<>();
        for (int t = 0; t < index.txnCount; t++) {
            if (index.committed[t]) {
                for (int w = index.txnWriteStart[t]; w < index.txnWriteStart[t + 1]; w++) {
                    observe(index.wValue[w], index.wOffset[w], t, firstOffset, firstObserver, extra);
                }
            }
            for (int r = index.txnReadStart[t]; r < index.txnReadStart[t + 1]; r++) {
                observe(index.rValue[r], index.rOffset[r], t, firstOffset, firstObserver, extra);
            }
        }

        // gather every (offset, value, observer) per key, then sort each key's segment by offset
        int[] count = new int[keyCount + 1];
        for (int v = 0; v < valueCount; v++) {
            if (firstOffset[v] != KafkaIndex.NO_OFFSET) {
                count[index.valueKey[v]]++;
            }
        }
        List<Integer> extraValues = new ArrayList<>(extra.keySet());
        extraValues.sort(null); // deterministic order
        for (int v : extraValues) {
            count[index.valueKey[v]] += extra.get(v).size();
        }
        int[] start = new int[keyCount + 1];
        for (int k = 0; k < keyCount; k++) {
            start[k + 1] = start[k] + count[k];
        }
        int total = start[keyCount];
        long[] entryOffset = new long[total];
        int[] entryValue = new int[total];
        int[] entryObserver = new int[total];
        int[] fill = Arrays.copyOf(start, keyCount);
        for (int v = 0; v < valueCount; v++) {
            if (firstOffset[v] != KafkaIndex.NO_OFFSET) {
                int at = fill[index.valueKey[v]]++;
                entryOffset[at] = firstOffset[v];
                entryValue[at] = v;
                entryObserver[at] = firstObserver[v];
            }
        }
        for (int v : extraValues) {
            List<Map.Entry<Long, Integer>> seen = new ArrayList<>(extra.get(v).entrySet());
            seen.sort(Map.Entry.comparingByKey());
            for (Map.Entry<Long, Integer> e : seen) {
                int at = fill[index.valueKey[v]]++;
                entryOffset[at] = e.getKey();
                entryValue[at] = v;
                entryObserver[at] = e.getValue();
            }
        }

        indexOffset = new long[keyCount][];
        indexValue = new int[keyCount][];
        valueFirstIndex = new int[valueCount];
        valueLastIndex = new int[valueCount];
        Arrays.fill(valueFirstIndex, -1);
        Arrays.fill(valueLastIndex, -1);
        tableBase = new long[keyCount];
        table = new int[keyCount][];
        for (int k = 0; k < keyCount; k++) {
            int[] order = sortByOffset(entryOffset, start[k], start[k + 1]);
            LongList offsets = new LongList(order.length);
            IntList firstValues = new IntList(order.length);
            int i = 0;
            while (i < order.length) {
                long offset = entryOffset[order[i]];
                int j = i;
                while (j < order.length && entryOffset[order[j]] == offset) {
                    j++;
                }
                int idx = offsets.size();
                offsets.add(offset);
                firstValues.add(entryValue[order[i]]);
                for (int m = i; m < j; m++) {
                    int v = entryValue[order[m]];
                    if (valueFirstIndex[v] < 0) {
                        valueFirstIndex[v] = idx;
                    }
                    valueLastIndex[v] = idx;
                }
                if (j - i > 1) {
                    int[] vs = new int[j - i];
                    int[] obs = new int[j - i];
                    for (int m = i; m < j; m++) {
                        vs[m - i] = entryValue[order[m]];
                        obs[m - i] = entryObserver[order[m]];
                    }
                    conflicts.add(new Conflict(k, offset, vs, obs));
                }
                i = j;
            }
            indexOffset[k] = offsets.toArray();
            indexValue[k] = firstValues.toArray();
            buildTable(k);
        }
        for (int v : extraValues) {
            Map<Long, Integer> more = extra.get(v);
            long[] offsets = new long[more.size() + 1];
            int[] observers = new int[more.size() + 1];
            offsets[0] = firstOffset[v];
            observers[0] = firstObserver[v];
            int m = 1;
            List<Map.Entry<Long, Integer>> seen = new ArrayList<>(more.entrySet());
            seen.sort(Map.Entry.comparingByKey());
            for (Map.Entry<Long, Integer> e : seen) {
                offsets[m] = e.getKey();
                observers[m] = e.getValue();
                m++;
            }
            duplicates.add(new Duplicate(v, offsets, observers));
        }

        readIndex = new int[index.rKey.length];
        for (int r = 0; r < readIndex.length; r++) {
            readIndex[r] = indexOf(index.rKey[r], index.rOffset[r], index.rValue[r]);
        }
        writeIndex = new int[index.wKey.length];
        for (int w = 0; w < writeIndex.length; w++) {
            writeIndex[w] = indexOf(index.wKey[w], index.wOffset[w], index.wValue[w]);
        }
    }

    private static void observe(int v, long offset, int t, long[] firstOffset, int[] firstObserver,
            Map<Integer, Map<Long, Integer>> extra) {
        if (offset == KafkaIndex.NO_OFFSET || offset == firstOffset[v]) {
            return;
        }
        if (firstOffset[v] == KafkaIndex.NO_OFFSET) {
            firstOffset[v] = offset;
            firstObserver[v] = t;
            return;
        }
        extra.computeIfAbsent(v, x -> new HashMap<>()).putIfAbsent(offset, t);
    }

    /** Positions from..to of entryOffset, sorted by offset, ties in position order. */
    private static int[] sortByOffset(long[] entryOffset, int from, int to) {
        int n = to - from;
        int[] order = new int[n];
        if (n == 0) {
            return order;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, entryOffset[i]);
            max = Math.max(max, entryOffset[i]);
        }
        if (max - min >= 0 && max - min < (1L << 40) && n < (1 << 23)) {
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = ((entryOffset[from + i] - min) << 23) | i;
            }
            Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                order[i] = from + (int) (packed[i] & ((1 << 23) - 1));
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = from + i;
        }
        Arrays.sort(boxed, Comparator.comparingLong((Integer i) -> entryOffset[i]).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private void buildTable(int k) {
        long[] offsets = indexOffset[k];
        if (offsets.length == 0) {
            return;
        }
        long span = offsets[offsets.length - 1] - offsets[0] + 1;
        if (span <= 0 || span > 4L * offsets.length + 1024) {
            return; // sparse: binary search
        }
        int[] t = new int[(int) span];
        Arrays.fill(t, -1);
        for (int i = 0; i < offsets.length; i++) {
            t[(int) (offsets[i] - offsets[0])] = i;
        }
        tableBase[k] = offsets[0];
        table[k] = t;
    }

    /** The index of {@code offset} in key k's order, or -1 if that offset was never observed. */
    int indexOfOffset(int k, long offset) {
        int[] t = table[k];
        if (t != null) {
            long at = offset - tableBase[k];
            return at < 0 || at >= t.length ? -1 : t[(int) at];
        }
        int i = Arrays.binarySearch(indexOffset[k], offset);
        return i < 0 ? -1 : i;
    }

    private int indexOf(int k, long offset, int v) {
        if (offset != KafkaIndex.NO_OFFSET) {
            int i = indexOfOffset(k, offset);
            if (i >= 0) {
                return i;
            }
        }
        return valueFirstIndex[v];
    }

    /** How many indexes key k's order has. */
    int length(int k) {
        return indexOffset[k].length;
    }

    KafkaIndex index() {
        return index;
    }
}
