package io.gregor.log;

/**
 * A read asked for an offset below the log start offset or above the log end offset. Kafka's
 * {@code OFFSET_OUT_OF_RANGE}: the reader should reset its position (a follower: to the leader's log start).
 */
public final class OffsetOutOfRangeException extends LogException {

    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
