package io.gregor.client;

import io.gregor.broker.TopicPartition;

/**
 * KIP-320's finding that the log was truncated under a consumer: records it already consumed, at offsets {@code
 * divergentOffset} to {@code position - 1}, are no longer in the leader's log (Kafka raises
 * {@code LogTruncationException}). A checker must see it: acknowledged or consumed data was lost.
 *
 * @param position the consumer's position when it found out (the next offset it would have read)
 * @param lastConsumedEpoch the leader epoch of the last record it consumed
 * @param divergentOffset where that epoch ends in the leader's log; the consumer goes on from here
 * @param divergentEpoch the largest epoch at most {@code lastConsumedEpoch} in the leader's log
 */
public record LogTruncation(TopicPartition partition, long position, int lastConsumedEpoch, long divergentOffset,
        int divergentEpoch) {
}
