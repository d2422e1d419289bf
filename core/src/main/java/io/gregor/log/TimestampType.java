package io.gregor.log;

/**
 * Which clock a batch's timestamps come from: attribute bit 3. With {@link #LOG_APPEND_TIME} the log overwrites the
 * batch's max timestamp with its own clock on append (and recomputes the CRC, which covers it).
 */
public enum TimestampType {
    /** Timestamps set by the producer. */
    CREATE_TIME,
    /** The broker's clock at append; the records' own timestamp deltas are ignored by readers. */
    LOG_APPEND_TIME;

    static TimestampType fromAttributes(short attributes) {
        return (attributes & RecordBatch.TIMESTAMP_TYPE_MASK) == 0 ? CREATE_TIME : LOG_APPEND_TIME;
    }
}
