package io.gregor.histories;

/**
 * A history that cannot be read or does not follow Jepsen's rules. The message is one line that says where
 * (a line number of the file, or a position in the list) and what is wrong; readers and {@link History}
 * validation throw it so a user never sees a stack trace for a bad file.
 */
public final class HistoryFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line of the file, or 0 when the history did not come from a file. */
    private final int line;

    private HistoryFormatException(int line, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** A problem at a line of a file (1-based). */
    public static HistoryFormatException atLine(int line, String what) {
        return new HistoryFormatException(line, "line " + line + ": " + what, null);
    }

    /** A problem at a line of a file, caused by a lower-level error (kept for {@code --verbose}). */
    public static HistoryFormatException atLine(int line, String what, Throwable cause) {
        return new HistoryFormatException(line, "line " + line + ": " + what, cause);
    }

    /** A problem at a position of an in-memory list of events (0-based). */
    public static HistoryFormatException atPosition(int position, String what) {
        return new HistoryFormatException(0, "event " + position + ": " + what, null);
    }

    /** The 1-based line of the file, or 0 when the history did not come from a file. */
    public int line() {
        return line;
    }
}
