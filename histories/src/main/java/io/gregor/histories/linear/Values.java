package io.gregor.histories.linear;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Helpers the models share to read operation values and to reject malformed ones in one line. */
final class Values {

    private Values() {
    }

    /**
     * Integral numbers as {@link Long}, so a value read as Integer equals the same value read as Long; other values
     * as they are (lists and maps element by element).
     */
    static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            Object[] out = new Object[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = normalize(list.get(i));
            }
            return Collections.unmodifiableList(Arrays.asList(out));
        }
        return value;
    }

    /** A field of a map-shaped value, or the error naming the operation. */
    static Object field(Operation op, Object value, String name) {
        if (!(value instanceof Map)) {
            throw bad(op, "expects a map with \"" + name + "\", got " + value);
        }
        Map<?, ?> map = (Map<?, ?>) value;
        Object v = map.get(name);
        if (v == null && !map.containsKey(name)) { // one lookup in the common case
            throw bad(op, "expects a map with \"" + name + "\", got " + value);
        }
        return v;
    }

    /** A required integral field as a long. */
    static long longField(Operation op, Object value, String name) {
        Object v = field(op, value, name);
        if (!(v instanceof Number) || v instanceof Double || v instanceof Float) {
            throw bad(op, "expects an integer \"" + name + "\", got " + v);
        }
        return ((Number) v).longValue();
    }

    /** A one-line error naming the operation, for a value that does not fit the model. */
    static IllegalArgumentException bad(Operation op, String what) {
        return new IllegalArgumentException("history index " + op.invocation().index() + ": " + op.f() + " " + what);
    }
}
