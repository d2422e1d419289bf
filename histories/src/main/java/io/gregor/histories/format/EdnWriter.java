package io.gregor.histories.format;

import io.gregor.histories.Keyword;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints values as EDN the way Clojure's printer does, so Jepsen's tools read what we write: lists as vectors
 * {@code [a b]}, maps as {@code {k v, k v}}, sets as {@code #{a b}}, keywords {@code :k}, strings quoted with
 * escapes, BigInteger with {@code N}, BigDecimal with {@code M}, infinities and NaN as {@code ##Inf} etc.
 */
public final class EdnWriter {

    private EdnWriter() {
    }

    /** {@code value} as an EDN string. */
    public static String toEdn(Object value) {
        StringBuilder out = new StringBuilder();
        try {
            write(value, out);
        } catch (IOException e) {
            throw new AssertionError("a StringBuilder does not throw", e);
        }
        return out.toString();
    }

    /** Appends {@code value} as EDN. */
    public static void write(Object value, Appendable out) throws IOException {
        if (value == null) {
            out.append("nil");
        } else if (value instanceof Keyword) {
            out.append(':').append(((Keyword) value).name());
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            writeDouble(((Number) value).doubleValue(), out);
        } else if (value instanceof BigInteger) {
            out.append(value.toString()).append('N');
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toString()).append('M');
        } else if (value instanceof Boolean || value instanceof EdnSymbol) {
            out.append(value.toString());
        } else if (value instanceof Character) {
            writeCharacter((Character) value, out);
        } else if (value instanceof Map) {
            writeMap((Map<?, ?>) value, out);
        } else if (value instanceof Set) {
            out.append('#');
            writeSequence((Set<?>) value, '{', '}', out);
        } else if (value instanceof List || value instanceof Collection) {
            writeSequence((Collection<?>) value, '[', ']', out);
        } else if (value instanceof Object[]) {
            writeSequence(java.util.Arrays.asList((Object[]) value), '[', ']', out);
        } else {
            writeString(value.toString(), out); // unknown types travel as their text
        }
    }

    private static void writeSequence(Collection<?> values, char open, char close, Appendable out)
            throws IOException {
        out.append(open);
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                out.append(' ');
            }
            first = false;
            write(v, out);
        }
        out.append(close);
    }

    private static void writeMap(Map<?, ?> map, Appendable out) throws IOException {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            write(e.getKey(), out);
            out.append(' ');
            write(e.getValue(), out);
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append('}');
    }

    private static void writeDouble(double d, Appendable out) throws IOException {
        if (Double.isNaN(d)) {
            out.append("##NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "##Inf" : "##-Inf");
        } else {
            out.append(Double.toString(d)); // always has '.' or 'E', so it reads back as a float
        }
    }

    private static void writeCharacter(char c, Appendable out) throws IOException {
        switch (c) {
            case '\n': out.append("\\newline"); break;
            case ' ': out.append("\\space"); break;
            case '\t': out.append("\\tab"); break;
            case '\r': out.append("\\return"); break;
            default: out.append('\\').append(c);
        }
    }

    /** Writes a string literal with EDN's escapes. */
    static void writeString(String s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
