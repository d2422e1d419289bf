package io.gregor.log;

/**
 * The answer to OffsetsForLeaderEpoch (KIP-101, KIP-279): the largest epoch the log knows that is at most the
 * requested one, and the offset where it ends. {@link #UNDEFINED} when the log cannot say.
 *
 * @param epoch the epoch found, or {@code -1}
 * @param endOffset the exclusive end of that epoch in this log, or {@code -1}
 */
public record OffsetAndEpoch(int epoch, long endOffset) {

    /** Kafka's {@code UNDEFINED_EPOCH} / {@code UNDEFINED_EPOCH_OFFSET}. */
    public static final OffsetAndEpoch UNDEFINED = new OffsetAndEpoch(-1, -1L);
}
