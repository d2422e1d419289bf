package io.gregor.histories;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a history, in Jepsen's conventions.
 *
 * <p>An operation is an {@code invoke} followed by one completion from the same process: {@code ok} (it took
 * effect), {@code fail} (it did not) or {@code info} (indeterminate: the process is considered crashed and never
 * invokes again). Values are plain data: {@code null}, {@link Long}, {@link Double}, {@link String}, {@link
 * Boolean}, {@link Keyword}, {@link java.util.List} and {@link java.util.Map} of those (and, from EDN, {@link
 * java.util.Set}, {@link java.math.BigInteger}, {@link java.math.BigDecimal}).
 *
 * @param index position in the history, ascending from 0
 * @param timeNs when it happened, nanoseconds from the start of the run
 * @param process the process: a {@link Long} for clients, or a keyword/string such as {@code :nemesis}
 * @param type invoke, ok, fail or info
 * @param f the function ({@code "send"}, {@code "poll"}, {@code "read"}, {@code "write"}, {@code "cas"}, ...)
 * @param value the argument at invoke, the result at completion
 * @param error an optional error description (null when absent)
 * @param extra any further fields of the event, by name without a colon ({@code rebalance-log}, {@code poll-ms},
 *     {@code node}...), insertion-ordered; kept so a history read and written again loses nothing
 */
public record Op(long index, long timeNs, Object process, Type type, String f, Object value, Object error,
        Map<String, Object> extra) {

    /** The four kinds of history event. */
    public enum Type {
        INVOKE, OK, FAIL, INFO;

        /** Jepsen's spelling: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
        public String jepsenName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses Jepsen's spelling; {@code null} if it is not one of the four. */
        public static Type fromJepsen(String s) {
            switch (s) {
                case "invoke": return INVOKE;
                case "ok": return OK;
                case "fail": return FAIL;
                case "info": return INFO;
                default: return null;
            }
        }
    }

    public Op {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An event with no further fields. */
    public Op(long index, long timeNs, Object process, Type type, String f, Object value, Object error) {
        this(index, timeNs, process, type, f, value, error, Map.of());
    }

    public boolean isInvoke() {
        return type == Type.INVOKE;
    }

    public boolean isCompletion() {
        return type != Type.INVOKE;
    }

    /** True for a client process (an integer); false for the nemesis or any other named process. */
    public boolean isClient() {
        return process instanceof Long || process instanceof Integer;
    }

    /** The same event with another value (the completion of an invocation usually differs only there). */
    public Op withValue(Object newValue) {
        return new Op(index, timeNs, process, type, f, newValue, error, extra);
    }

    /** The same event at another position of a history. */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, timeNs, process, type, f, value, error, extra);
    }
}
