package io.gregor.client;

import io.gregor.replication.ReplicationErrors;

/**
 * What the producer does with a partition's Produce answer (Kafka's {@code Sender.completeBatch} and
 * {@code TransactionManager.canRetry}, for an idempotent producer without transactions).
 */
enum ProduceErrorAction {
    /** Written: NONE, or DUPLICATE_SEQUENCE_NUMBER (a retry of a batch the broker already has). */
    ACK,
    /** Retry the same bytes after the backoff. */
    RETRY,
    /** The client's metadata is stale (the leader moved, its epoch changed): refresh it, then retry. */
    REFRESH_METADATA_AND_RETRY,
    /** OUT_OF_ORDER_SEQUENCE_NUMBER: decided by whether an earlier batch is still unresolved (see Producer). */
    OUT_OF_ORDER,
    /** A refusal that no retry can change. */
    FAIL,
    /** INVALID_PRODUCER_EPOCH: the partition knows a newer instance of this producer id; get a new id. */
    FAIL_AND_RESET_PRODUCER_ID;

    static ProduceErrorAction of(ReplicationErrors error) {
        switch (error) {
            case NONE:
            case DUPLICATE_SEQUENCE_NUMBER:
                return ACK;
            case NOT_LEADER_OR_FOLLOWER:
            case FENCED_LEADER_EPOCH:
            case UNKNOWN_LEADER_EPOCH:
            case UNKNOWN_TOPIC_OR_PARTITION:
            case KAFKA_STORAGE_ERROR:
                return REFRESH_METADATA_AND_RETRY;
            case OUT_OF_ORDER_SEQUENCE_NUMBER:
                return OUT_OF_ORDER;
            case INVALID_PRODUCER_EPOCH:
                return FAIL_AND_RESET_PRODUCER_ID;
            default:
                return error.retriable() ? RETRY : FAIL;
        }
    }

    /**
     * Whether an answer with this error leaves open that the attempt was appended: the broker appended and then
     * timed out waiting for the ISR, lost the ISR after the append, or failed a disk write midway. Every other
     * error is a refusal before the append.
     */
    static boolean mayHaveAppended(ReplicationErrors error) {
        return error == ReplicationErrors.REQUEST_TIMED_OUT
                || error == ReplicationErrors.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                || error == ReplicationErrors.KAFKA_STORAGE_ERROR;
    }
}
