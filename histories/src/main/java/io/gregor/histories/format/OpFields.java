package io.gregor.histories.format;

import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one op map (EDN keyword keys or JSON string keys) into an {@link Op}, with Jepsen's field names: {@code
 * index}, {@code time}, {@code process}, {@code type}, {@code f}, {@code value}, {@code error}; any other field is
 * kept in {@link Op#extra()}.
 */
final class OpFields {

    static final String INDEX = "index";
    static final String TIME = "time";
    static final String PROCESS = "process";
    static final String TYPE = "type";
    static final String F = "f";
    static final String VALUE = "value";
    static final String ERROR = "error";

    private OpFields() {
    }

    /**
     * The op the map describes.
     *
     * @param defaultIndex the index to use when the map has none (its place in the file)
     * @param line the line it started on, for errors
     */
    static Op toOp(Map<?, ?> map, long defaultIndex, int line) {
        long index = defaultIndex;
        long timeNs = 0;
        Object process = null;
        Op.Type type = null;
        String f = null;
        Object value = null;
        Object error = null;
        Map<String, Object> extra = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String field = fieldName(e.getKey(), line);
            Object v = e.getValue();
            switch (field) {
                case INDEX:
                    index = integer(v, INDEX, line);
                    break;
                case TIME:
                    timeNs = integer(v, TIME, line);
                    break;
                case PROCESS:
                    process = process(v, line);
                    break;
                case TYPE:
                    String typeName = name(v);
                    type = typeName == null ? null : Op.Type.fromJepsen(typeName);
                    if (type == null) {
                        throw HistoryFormatException.atLine(line, "type " + v
                                + " is not one of invoke, ok, fail, info");
                    }
                    break;
                case F:
                    f = name(v);
                    if (f == null) {
                        throw HistoryFormatException.atLine(line, "f must be a keyword or string, not " + v);
                    }
                    break;
                case VALUE:
                    value = v;
                    break;
                case ERROR:
                    error = v;
                    break;
                default:
                    if (extra == null) {
                        extra = new LinkedHashMap<>();
                    }
                    extra.put(field, v);
            }
        }
        if (type == null) {
            throw HistoryFormatException.atLine(line, "op has no type (invoke, ok, fail or info)");
        }
        if (process == null) {
            throw HistoryFormatException.atLine(line, "op has no process");
        }
        if (f == null) {
            throw HistoryFormatException.atLine(line, "op has no f");
        }
        return new Op(index, timeNs, process, type, f, value, error, extra);
    }

    private static String fieldName(Object key, int line) {
        if (key instanceof Keyword) {
            return ((Keyword) key).name();
        }
        if (key instanceof String) {
            return (String) key;
        }
        throw HistoryFormatException.atLine(line, "op field names must be keywords or strings, not " + key);
    }

    /** The name of a keyword, string or symbol; null for anything else. */
    static String name(Object v) {
        if (v instanceof Keyword) {
            return ((Keyword) v).name();
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof EdnSymbol) {
            return ((EdnSymbol) v).name();
        }
        return null;
    }

    private static long integer(Object v, String field, int line) {
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 64) {
            return ((BigInteger) v).longValue();
        }
        throw HistoryFormatException.atLine(line, field + " must be an integer, not " + v);
    }

    /** A client process is an integer; anything else named (the nemesis) becomes a keyword. */
    private static Object process(Object v, int line) {
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        String name = name(v);
        if (name == null) {
            throw HistoryFormatException.atLine(line, "process must be an integer or a name, not " + v);
        }
        return Keyword.of(name);
    }
}
