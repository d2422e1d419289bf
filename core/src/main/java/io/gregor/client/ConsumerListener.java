package io.gregor.client;

import io.gregor.broker.TopicPartition;

/**
 * What a {@link Consumer} tells its host besides records (which the host takes with {@link Consumer#poll(int)}).
 * Both are events a history should record.
 */
public interface ConsumerListener {

    /** KIP-320 found the log truncated below the consumer's position (see {@link LogTruncation}). */
    void onLogTruncation(LogTruncation truncation);

    /**
     * The position was moved because the broker no longer has it (OFFSET_OUT_OF_RANGE): to the log start, as
     * {@code auto.offset.reset=earliest} does. Records in between were deleted by retention before being read.
     */
    default void onOffsetReset(TopicPartition partition, long fromOffset, long toOffset) {
    }

    /** Ignores both. */
    ConsumerListener NONE = truncation -> { };
}
