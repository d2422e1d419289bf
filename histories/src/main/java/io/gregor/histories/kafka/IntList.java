package io.gregor.histories.kafka;

import java.util.Arrays;

/** A growable list of ints without boxing: the checker keeps millions of them. */
final class IntList {

    private int[] items;
    private int size;

    IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[size++] = v;
    }

    int get(int i) {
        return items[i];
    }

    void set(int i, int v) {
        items[i] = v;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    /** A trimmed copy. */
    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
