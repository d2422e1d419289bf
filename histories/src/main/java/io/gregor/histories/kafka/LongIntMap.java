package io.gregor.histories.kafka;

import java.util.Arrays;

/**
 * A map from long to non-negative int by open addressing, for interning the (usually integer) values of a
 * history without boxing: the index looks one up for every record read, millions of times. Lookups only; it is
 * never iterated.
 *
 * <p>Histories mostly hold small ascending integers, and reads come in ascending order, so slots are first
 * chosen by the key itself: neighbouring values share cache lines. Should a pattern of keys collide (say,
 * multiples of the table size), an insert that probes too far switches the map to a scrambling hash for good.
 */
final class LongIntMap {

    private static final int EMPTY = -1;
    private static final int MAX_PROBES_BEFORE_SCRAMBLING = 32;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;
    private boolean scramble;

    LongIntMap() {
        keys = new long[16];
        values = new int[16];
        Arrays.fill(values, EMPTY);
        mask = 15;
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        int i = slot(key);
        while (values[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return EMPTY;
    }

    /** Maps {@code key} to {@code value} (>= 0); the key must be absent. */
    void putNew(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int i = slot(key);
        int probes = 0;
        while (values[i] != EMPTY) {
            i = (i + 1) & mask;
            probes++;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        if (probes > MAX_PROBES_BEFORE_SCRAMBLING && !scramble) {
            scramble = true;
            rehash(keys.length);
        }
    }

    private int slot(long key) {
        if (scramble) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, EMPTY);
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != EMPTY) {
                putNew(oldKeys[i], oldValues[i]);
            }
        }
    }
}
