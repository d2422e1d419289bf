package io.gregor.log;

import java.nio.ByteBuffer;

/** The rules an append must pass (Kafka's {@code LogValidator}, for uncompressed format v2 only). */
final class LogValidator {

    private LogValidator() {
    }

    /**
     * Checks every batch of an append before anything is written, so an append is all or nothing: sizes against
     * the limits, integrity and format ({@link RecordBatch#validate()}), and on the follower path that the batches
     * continue the log at {@code logEndOffset} with leader epochs that never go back.
     *
     * @param batch a flyweight to reuse
     * @return the number of batches
     */
    static int validateBatches(ByteBuffer records, boolean assignOffsets, long logEndOffset, int latestEpoch,
            LogConfig config, RecordBatch batch) {
        int count = 0;
        int position = records.position();
        long expectedBase = logEndOffset;
        int maxBatch = config.effectiveMaxBatchSizeBytes();
        while (position < records.limit()) {
            int left = records.limit() - position;
            if (left < RecordBatch.LOG_OVERHEAD) {
                throw new CorruptRecordException("trailing " + left + " bytes after " + count + " batches are not a batch");
            }
            batch.wrap(records, position);
            int size = batch.batchLength() + RecordBatch.LOG_OVERHEAD;
            if (size > maxBatch) {
                throw new RecordBatchTooLargeException("record batch of " + size + " bytes is larger than the limit of "
                        + maxBatch + " bytes (maxBatchSizeBytes " + config.maxBatchSizeBytes() + ", segmentBytes "
                        + config.segmentBytes() + ")");
            }
            batch.validate();
            if (!assignOffsets) {
                if (batch.baseOffset() != expectedBase) {
                    throw new UnexpectedAppendOffsetException("batch " + count + " starts at offset "
                            + batch.baseOffset() + " but the log continues at " + expectedBase);
                }
                int epoch = batch.partitionLeaderEpoch();
                if (epoch < 0) {
                    throw new InvalidRecordException("batch at offset " + batch.baseOffset()
                            + " has no partition leader epoch");
                }
                if (epoch < latestEpoch) {
                    throw new InvalidRecordException("batch at offset " + batch.baseOffset() + " has leader epoch "
                            + epoch + ", older than " + latestEpoch);
                }
                latestEpoch = epoch;
                expectedBase = batch.nextOffset();
            }
            position += size;
            count++;
        }
        if (count == 0) {
            throw new InvalidRecordException("nothing to append: no record batch given");
        }
        return count;
    }

    /**
     * The fields of a batch a leader gets from an idempotent producer (KIP-98): a producer id comes with an epoch
     * and a first sequence, and alone in its request, since the sequence check and a duplicate's answer are about
     * one batch. Gregor has no transactions, so neither transactional batches nor control batches (markers) are
     * accepted from a producer.
     *
     * @param count the number of batches in the request
     */
    static void validateProducerFields(RecordBatch batch, int count) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        if (producerId < 0) {
            throw new InvalidRecordException("batch has an invalid producer id " + producerId);
        }
        if (count != 1) {
            throw new InvalidRecordException("a request with producer " + producerId + "'s batch must hold exactly one"
                    + " batch, not " + count);
        }
        if (batch.producerEpoch() < 0 || batch.baseSequence() < 0) {
            throw new InvalidRecordException("producer " + producerId + "'s batch has epoch " + batch.producerEpoch()
                    + " and first sequence " + batch.baseSequence() + "; both must be set (>= 0)");
        }
        if (batch.isTransactional() || batch.isControlBatch()) {
            throw new InvalidRecordException("producer " + producerId + " sent a transactional or control batch;"
                    + " Gregor supports idempotent producers but not transactions");
        }
    }
}
