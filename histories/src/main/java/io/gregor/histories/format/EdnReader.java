package io.gregor.histories.format;

import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Keyword;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subset of EDN (https://github.com/edn-format/edn) that Jepsen histories use, one value at a time,
 * tracking line numbers so that errors name the line.
 *
 * <p>What each EDN form becomes: {@code nil} null; {@code true}/{@code false} Boolean; integers Long (BigInteger
 * with an {@code N} suffix or when too large); floats Double (BigDecimal with {@code M}); ratios {@code 1/3}
 * Double; strings String; characters ({@code \a}, {@code \newline}) one-character String; keywords {@link
 * Keyword} (without the colon, namespace kept: {@code :a/b} is {@code "a/b"}); symbols {@link EdnSymbol}; {@code
 * ##Inf}, {@code ##-Inf}, {@code ##NaN} Double; vectors and lists List; maps LinkedHashMap (in file order);
 * sets {@code #{}} LinkedHashSet. A tagged literal such as {@code #jepsen.history.Op{...}} or {@code #inst "..."}
 * reads as its value, the tag ignored. {@code #_} discards the next value, {@code ;} starts a comment, commas are
 * whitespace. Collections are mutable until handed out, then read-only.
 */
public final class EdnReader {

    private static final int END = -1;
    /** Deeper nesting than this is not a history; refusing it keeps the recursion off the stack's edge. */
    private static final int MAX_DEPTH = 512;

    private final Reader in;
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int limit;
    private int line = 1;
    private int depth;
    private final StringBuilder token = new StringBuilder();
    /** Keywords repeat on every line of a history; share one object per name. Lookup only. */
    private final Map<String, Keyword> keywords = new HashMap<>();

    public EdnReader(Reader in) {
        this.in = in;
    }

    /** The current line (1-based). */
    public int line() {
        return line;
    }

    /** Skips whitespace, commas, comments and discarded ({@code #_}) values; true if the input has ended. */
    public boolean atEnd() {
        skipIgnorable();
        return peek() == END;
    }

    /** The next significant character without consuming it (after {@link #atEnd()}), or -1 at the end. */
    public int peekSignificant() {
        skipIgnorable();
        return peek();
    }

    /** Consumes {@code c}, the next significant character, or fails naming the line. */
    public void expect(char c) {
        skipIgnorable();
        int got = read();
        if (got != c) {
            throw error("expected '" + c + "' but found " + describe(got));
        }
    }

    /** Reads the next value; fails at the end of input. */
    public Object readValue() {
        skipIgnorable();
        int c = read();
        switch (c) {
            case END:
                throw error("unexpected end of input");
            case '"':
                return readString();
            case ':':
                return keyword(readToken());
            case '[':
                return readList(']');
            case '(':
                return readList(')');
            case '{':
                return readMap();
            case ']':
            case ')':
            case '}':
                throw error("unexpected '" + (char) c + "'");
            case '\\':
                return readCharacter();
            case '#':
                return readDispatch();
            default:
                unread();
                return readAtom();
        }
    }

    private Object readDispatch() {
        int c = peek();
        if (c == '{') {
            read();
            Set<Object> set = new LinkedHashSet<>();
            set.addAll(readElements('}'));
            return Collections.unmodifiableSet(set);
        }
        if (c == '#') {
            read();
            String name = readToken();
            switch (name) {
                case "Inf": return Double.POSITIVE_INFINITY;
                case "-Inf": return Double.NEGATIVE_INFINITY;
                case "NaN": return Double.NaN;
                default: throw error("unknown symbolic value ##" + name);
            }
        }
        if (c == '_') {
            read();
            readValue(); // discarded
            return readValue();
        }
        if (c == END || isWhitespace(c)) {
            throw error("a '#' must start a set, a tag or a discard");
        }
        readToken(); // the tag, e.g. jepsen.history.Op or inst: the value stands for itself
        return readValue();
    }

    private void skipIgnorable() {
        while (true) {
            int c = peek();
            if (c == END) {
                return;
            }
            if (isWhitespace(c)) {
                read();
            } else if (c == ';') {
                while (c != END && c != '\n') {
                    read();
                    c = peek();
                }
            } else if (c == '#' && peekSecond() == '_') {
                read();
                read();
                readValue();
            } else {
                return;
            }
        }
    }

    private List<Object> readList(char close) {
        return Collections.unmodifiableList(readElements(close));
    }

    private List<Object> readElements(char close) {
        int startLine = line;
        if (++depth > MAX_DEPTH) {
            throw error("collections nested more than " + MAX_DEPTH + " deep");
        }
        List<Object> out = new ArrayList<>();
        while (true) {
            skipIgnorable();
            int c = peek();
            if (c == END) {
                throw error("'" + close + "' missing: the collection opened at line " + startLine
                        + " is never closed");
            }
            if (c == close) {
                read();
                depth--;
                return out;
            }
            out.add(readValue());
        }
    }

    private Map<Object, Object> readMap() {
        int startLine = line;
        List<Object> elements = readElements('}');
        if (elements.size() % 2 != 0) {
            throw HistoryFormatException.atLine(startLine, "EDN map with an odd number of forms ("
                    + elements.size() + ")");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i += 2) {
            out.put(elements.get(i), elements.get(i + 1));
        }
        return Collections.unmodifiableMap(out);
    }

    private String readString() {
        int startLine = line;
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = read();
            if (c == END) {
                throw HistoryFormatException.atLine(startLine, "EDN string never closed");
            }
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append((char) c);
                continue;
            }
            int e = read();
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case 'u': out.append(readHex4()); break;
                default: throw error("unknown escape \\" + describe(e) + " in a string");
            }
        }
    }

    private char readHex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(read(), 16);
            if (d < 0) {
                throw error("\\u needs four hex digits");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private String readCharacter() {
        int first = read();
        if (first == END) {
            throw error("a character literal '\\' needs a character");
        }
        token.setLength(0);
        token.append((char) first);
        while (!isDelimiter(peek())) {
            token.append((char) read());
        }
        String name = token.toString();
        if (name.length() == 1) {
            return name;
        }
        switch (name) {
            case "newline": return "\n";
            case "space": return " ";
            case "tab": return "\t";
            case "return": return "\r";
            case "backspace": return "\b";
            case "formfeed": return "\f";
            default:
                if (name.length() == 5 && name.charAt(0) == 'u') {
                    try {
                        return String.valueOf((char) Integer.parseInt(name.substring(1), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad character literal \\" + name);
                    }
                }
                throw error("unknown character literal \\" + name);
        }
    }

    private Object readAtom() {
        String t = readToken();
        if (t.isEmpty()) {
            throw error("unexpected " + describe(peek()));
        }
        char first = t.charAt(0);
        boolean numeric = Character.isDigit(first)
                || ((first == '-' || first == '+') && t.length() > 1 && Character.isDigit(t.charAt(1)));
        if (numeric) {
            Object number = EdnNumbers.parse(t);
            if (number == null) {
                throw error("bad number '" + t + "'");
            }
            return number;
        }
        switch (t) {
            case "nil": return null;
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: return new EdnSymbol(t);
        }
    }

    private Keyword keyword(String name) {
        if (name.isEmpty()) {
            throw error("a ':' must start a keyword");
        }
        Keyword k = keywords.get(name);
        if (k == null) {
            k = Keyword.of(name);
            keywords.put(name, k);
        }
        return k;
    }

    private String readToken() {
        token.setLength(0);
        while (!isDelimiter(peek())) {
            token.append((char) read());
        }
        return token.toString();
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    }

    private static boolean isDelimiter(int c) {
        return c == END || isWhitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == '"' || c == ';';
    }

    private static String describe(int c) {
        return c == END ? "the end of input" : "'" + (char) c + "'";
    }

    private HistoryFormatException error(String what) {
        return HistoryFormatException.atLine(line, "EDN: " + what);
    }

    private int peek() {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position];
    }

    private int peekSecond() {
        if (limit - position < 2) {
            // move the tail to the front and read more, keeping the first character
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            try {
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n > 0) {
                    limit += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (limit - position < 2) {
                return END;
            }
        }
        return buffer[position + 1];
    }

    private int read() {
        if (position == limit && !fill()) {
            return END;
        }
        char c = buffer[position++];
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private void unread() {
        position--; // only after a read of a non-newline character from the buffer
    }

    private boolean fill() {
        try {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                position = limit = 0;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
