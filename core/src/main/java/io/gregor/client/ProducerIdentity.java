package io.gregor.client;

import io.gregor.log.RecordBatch;

/**
 * The producer id and epoch a broker granted with InitProducerId (KIP-98); {@link #NONE} for a producer without
 * idempotence, whose batches carry no producer id and no sequence.
 */
record ProducerIdentity(long producerId, short producerEpoch) {

    static final ProducerIdentity NONE = new ProducerIdentity(RecordBatch.NO_PRODUCER_ID,
            RecordBatch.NO_PRODUCER_EPOCH);

    boolean idempotent() {
        return producerId != RecordBatch.NO_PRODUCER_ID;
    }

    @Override
    public String toString() {
        return "pid " + producerId + " epoch " + producerEpoch;
    }
}
