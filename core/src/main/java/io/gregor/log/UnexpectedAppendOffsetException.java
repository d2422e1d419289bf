package io.gregor.log;

/**
 * A follower append whose batch does not start at the log end offset. The log holds no gaps and no overlaps (Gregor
 * has no compaction), so a replica must truncate or fetch from its log end offset, never append elsewhere.
 */
public final class UnexpectedAppendOffsetException extends LogException {

    private static final long serialVersionUID = 1L;

    public UnexpectedAppendOffsetException(String message) {
        super(message);
    }
}
