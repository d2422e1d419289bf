package io.gregor.histories.format;

import io.gregor.histories.History;
import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's EDN history format. A file is either one op map per line (Jepsen's {@code history.edn}), or one
 * vector of op maps; tagged maps such as {@code #jepsen.history.Op{...}} are read as plain maps. We write one op
 * map per line, in the shape Jepsen prints: {@code {:index 0, :time 12, :type :invoke, :process 0, :f :send,
 * :value [[:send 3 7]]}}, then {@code :error} when present, then any extra fields.
 */
public final class EdnHistory {

    private EdnHistory() {
    }

    /** Reads and validates a history; errors are one-line {@link HistoryFormatException}s naming the line. */
    public static History read(Reader in) {
        EdnReader edn = new EdnReader(in);
        List<Op> ops = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try {
            if (edn.peekSignificant() == '[') {
                edn.expect('[');
                while (edn.peekSignificant() != ']') {
                    if (edn.peekSignificant() == -1) {
                        throw HistoryFormatException.atLine(edn.line(), "EDN: the history vector is never closed");
                    }
                    readOp(edn, ops, lines);
                }
                edn.expect(']');
                if (!edn.atEnd()) {
                    throw HistoryFormatException.atLine(edn.line(), "EDN: more after the history vector");
                }
            } else {
                while (!edn.atEnd()) {
                    readOp(edn, ops, lines);
                }
            }
        } catch (UncheckedIOException e) {
            throw HistoryFormatException.atLine(edn.line(), JsonLinesHistory.describe(e.getCause()), e);
        }
        int[] lineArray = new int[lines.size()];
        for (int i = 0; i < lineArray.length; i++) {
            lineArray[i] = lines.get(i);
        }
        return History.of(ops, lineArray);
    }

    private static void readOp(EdnReader edn, List<Op> ops, List<Integer> lines) {
        edn.peekSignificant();
        int line = edn.line();
        Object value = edn.readValue();
        if (!(value instanceof Map)) {
            throw HistoryFormatException.atLine(line, "expected an op map {:type ..., :f ...}, found "
                    + EdnWriter.toEdn(value));
        }
        ops.add(OpFields.toOp((Map<?, ?>) value, ops.size(), line));
        lines.add(line);
    }

    /** Writes {@code history} one op map per line. */
    public static void write(History history, Writer out) throws IOException {
        StringBuilder line = new StringBuilder(256);
        for (Op op : history) {
            line.setLength(0);
            appendOp(op, line);
            line.append('\n');
            out.write(line.toString());
        }
        out.flush();
    }

    /** One op as an EDN map. */
    public static String toEdn(Op op) {
        StringBuilder out = new StringBuilder(128);
        appendOp(op, out);
        return out.toString();
    }

    private static void appendOp(Op op, StringBuilder out) {
        try {
            out.append("{:index ").append(op.index());
            out.append(", :time ").append(op.timeNs());
            out.append(", :type :").append(op.type().jepsenName());
            out.append(", :process ");
            EdnWriter.write(op.process(), out);
            out.append(", :f ");
            EdnWriter.write(asKeyword(op.f()), out);
            out.append(", :value ");
            EdnWriter.write(op.value(), out);
            if (op.error() != null) {
                out.append(", :error ");
                EdnWriter.write(op.error(), out);
            }
            for (Map.Entry<String, Object> e : op.extra().entrySet()) {
                out.append(", ");
                EdnWriter.write(asKeyword(e.getKey()), out);
                out.append(' ');
                EdnWriter.write(e.getValue(), out);
            }
            out.append('}');
        } catch (IOException e) {
            throw new AssertionError("a StringBuilder does not throw", e);
        }
    }

    /** Jepsen's function names and field names are keywords; a name that cannot be one stays a string. */
    private static Object asKeyword(String name) {
        if (name.isEmpty()) {
            return name;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "*+!-_?<>=./&'".indexOf(c) >= 0)) {
                return name;
            }
        }
        return Keyword.of(name);
    }
}
