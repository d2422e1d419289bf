package io.gregor.log;

/**
 * Why a leader append of an idempotent producer's batch did not append, named after Kafka's error codes (the
 * broker maps {@link #code()} to the wire one-to-one).
 *
 * <p>There is no {@code UNKNOWN_PRODUCER_ID}: like Kafka since 2.x, a producer id the partition has no state for
 * (new, expired, or with every batch deleted by retention) is accepted at any sequence, because refusing it made
 * clients reset their sequence numbers and re-send, which is how duplicates came back.
 */
public enum AppendError {
    /** Appended. */
    NONE((short) 0),
    /**
     * KIP-98: the batch repeats one of the producer's last five batches (a retry whose first attempt was
     * appended). Nothing is appended; the result carries the original offsets, which the broker answers with as a
     * success, as Kafka does.
     */
    DUPLICATE_SEQUENCE_NUMBER((short) 46),
    /** KIP-98: the batch's first sequence does not follow the producer's last one (a gap: a batch was lost). */
    OUT_OF_ORDER_SEQUENCE_NUMBER((short) 45),
    /** KIP-98: the batch carries an older producer epoch than the partition has seen (a zombie producer). */
    INVALID_PRODUCER_EPOCH((short) 47);

    private final short code;

    AppendError(short code) {
        this.code = code;
    }

    /** Kafka's error code. */
    public short code() {
        return code;
    }
}
