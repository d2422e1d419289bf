package io.gregor.histories.linear;

import java.util.Objects;

/**
 * The state of one partition's log in {@link KafkaLogModel}: the values at offsets 0..length-1.
 *
 * <p>A persistent list: appending makes a new node pointing at the old log, so the search's stack of states
 * shares every prefix, and an append costs one small object instead of a copy. The hash is kept incrementally
 * (polynomial over the values), so memo probes do not walk the log; equality walks it only on a hash match, and
 * stops at the first shared node.
 */
final class LogState {

    static final LogState EMPTY = new LogState(null, null, 0, 1);

    private final LogState previous;
    private final Object value;
    private final int length;
    private final int hash;

    private LogState(LogState previous, Object value, int length, int hash) {
        this.previous = previous;
        this.value = value;
        this.length = length;
        this.hash = hash;
    }

    /** Entries in the log; also the offset the next send gets. */
    int length() {
        return length;
    }

    LogState append(Object v) {
        return new LogState(this, v, length + 1, 31 * hash + Objects.hashCode(v));
    }

    /** Whether offsets {@code from, from+1, ...} hold exactly {@code values}. */
    boolean holdsAt(long from, Object[] values) {
        long end = from + values.length;
        if (from < 0 || end > length) {
            return false;
        }
        LogState node = this;
        while (node.length > end) {
            node = node.previous;
        }
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Objects.equals(node.value, values[i])) {
                return false;
            }
            node = node.previous;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogState)) {
            return false;
        }
        LogState a = this;
        LogState b = (LogState) o;
        if (a.length != b.length || a.hash != b.hash) {
            return false;
        }
        while (a != b) {
            if (!Objects.equals(a.value, b.value)) {
                return false;
            }
            a = a.previous;
            b = b.previous;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (LogState node = this; node.length > 0 && shown < 8; node = node.previous, shown++) {
            out.insert(0, (shown == 0 ? "" : " ")).insert(0, "[" + (node.length - 1) + " " + node.value + "]");
        }
        if (length > shown) {
            out.insert(0, "... ");
        }
        return "log of " + length + (length == 0 ? "" : ": " + out);
    }
}
