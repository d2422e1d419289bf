package io.gregor.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The run's trace: a running 64-bit hash of every event, and optionally the events as lines.
 *
 * <p>The hash mixes each event's time, kind, node and a fingerprint (of the message, the file, the fault), so two
 * runs have equal hashes exactly when they did the same things at the same instants — in practice; it is a hash.
 * Lines are kept only when asked for (they cost a string per event); the hash is computed regardless.
 *
 * <p>Line format (the trace is an API): {@code <timeNs> n<node> <category> <text>}, with {@code n-} for events
 * that belong to no node (harness callbacks, cluster-wide faults). See the package documentation for the
 * categories.
 */
public final class SimTrace {

    /** Hash kinds besides the {@link Event} kinds. */
    static final int DROP = 20;
    static final int NODE_EVENT = 21;
    static final int DISK_FAULT = 22;
    static final int CRASH_OUTCOME = 23;
    static final int LIFECYCLE = 24;
    static final int FAULT_APPLIED = 25;
    static final int DUPLICATE = 26;

    /** The node id printed as {@code n-}. */
    static final int NO_NODE = -1;

    private static final long M = 0x9E3779B97F4A7C15L;

    private long hash = 0x6A09E667F3BCC908L;
    private long events;
    private final boolean keepLines;
    private final int maxLines;
    private final List<String> lines;
    private long droppedLines;
    private Consumer<String> sink;
    private ToLongFunction<Object> fingerprint = SimTrace::defaultFingerprint;

    SimTrace(boolean keepLines, int maxLines) {
        this.keepLines = keepLines;
        this.maxLines = maxLines;
        this.lines = keepLines ? new ArrayList<>() : Collections.emptyList();
    }

    /** Mixes one event into the hash. Allocation-free: this runs for every event. */
    void record(long timeNs, int kind, int nodeId, long fingerprint) {
        long h = hash;
        h = (h ^ timeNs) * M;
        h ^= h >>> 29;
        h = (h ^ (((long) kind << 32) | (nodeId & 0xFFFFFFFFL))) * M;
        h ^= h >>> 29;
        h = (h ^ fingerprint) * M;
        h ^= h >>> 32;
        hash = h;
        events++;
    }

    /** Whether lines are wanted: callers build line text only then. */
    boolean verbose() {
        return keepLines || sink != null;
    }

    /** Keeps (and forwards) one line; call only when {@link #verbose()}. */
    void line(long timeNs, int nodeId, String category, String text) {
        String line = timeNs + (nodeId == NO_NODE ? " n- " : " n" + nodeId + " ") + category + " " + text;
        if (keepLines) {
            if (lines.size() < maxLines) {
                lines.add(line);
            } else {
                droppedLines++;
            }
        }
        if (sink != null) {
            sink.accept(line);
        }
    }

    /** Hash and line together, for events that are rare enough to always describe. */
    void event(long timeNs, int kind, int nodeId, String category, String text) {
        record(timeNs, kind, nodeId, text.hashCode());
        if (verbose()) {
            line(timeNs, nodeId, category, text);
        }
    }

    /** A dropped message: hashed with the reason, and a line {@code drop to n<peer> (<reason>) <message>}. */
    void drop(long timeNs, int fromNodeId, int toNodeId, Object message, String reason) {
        record(timeNs, DROP, fromNodeId, fingerprint(message) ^ reason.hashCode());
        if (verbose()) {
            line(timeNs, fromNodeId, "net", "drop to n" + toNodeId + " (" + reason + ") " + message);
        }
    }

    void duplicate(long timeNs, int fromNodeId, int toNodeId, Object message) {
        record(timeNs, DUPLICATE, fromNodeId, fingerprint(message));
        if (verbose()) {
            line(timeNs, fromNodeId, "net", "duplicate to n" + toNodeId + " " + message);
        }
    }

    long fingerprint(Object message) {
        return fingerprint.applyAsLong(message);
    }

    void fingerprint(ToLongFunction<Object> function) {
        this.fingerprint = function;
    }

    /**
     * Class name and {@code toString()}: deterministic for records of strings, numbers, enums and lists. Boxed
     * numbers and strings take a cheaper path.
     */
    public static long defaultFingerprint(Object message) {
        if (message instanceof Long l) {
            return l;
        }
        if (message instanceof Integer i) {
            return i;
        }
        if (message instanceof String s) {
            return s.hashCode();
        }
        return message.getClass().getName().hashCode() * 0x9E3779B97F4A7C15L + message.toString().hashCode();
    }

    void sink(Consumer<String> lineSink) {
        this.sink = lineSink;
    }

    /** The hash as 16 lowercase hex digits. */
    public String hashHex() {
        return String.format(Locale.ROOT, "%016x", hash);
    }

    public long hash() {
        return hash;
    }

    /** How many events went into the hash. */
    public long events() {
        return events;
    }

    /** The kept lines (empty unless the config asked for them). */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Lines not kept because the bound was reached. */
    public long droppedLines() {
        return droppedLines;
    }
}
