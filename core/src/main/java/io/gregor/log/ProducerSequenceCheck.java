package io.gregor.log;

/**
 * KIP-98's rules for a batch an idempotent producer sends to the leader (Kafka's
 * {@code ProducerAppendInfo.checkProducerEpoch} and {@code checkSequence}, and {@code findDuplicateBatch}), in the
 * order Kafka applies them:
 * <ol>
 *   <li>A producer the partition has no state for is accepted at any sequence (see {@link AppendError}).</li>
 *   <li>Same epoch and the same first and last sequence as one of the last five batches: a retry of a batch that
 *       was appended. {@link AppendError#DUPLICATE_SEQUENCE_NUMBER}, answered with that batch's offsets.</li>
 *   <li>An older epoch: a zombie producer. {@link AppendError#INVALID_PRODUCER_EPOCH}.</li>
 *   <li>A newer epoch (the producer was re-initialised) must start its sequences at 0.</li>
 *   <li>The same epoch must continue at the last sequence + 1 (wrapping from {@code Integer.MAX_VALUE} to 0);
 *       anything else is a gap or a stale retry older than the last five batches:
 *       {@link AppendError#OUT_OF_ORDER_SEQUENCE_NUMBER}.</li>
 * </ol>
 */
final class ProducerSequenceCheck {

    /**
     * The outcome of the check.
     *
     * @param error {@link AppendError#NONE} when the batch may be appended
     * @param duplicate for a duplicate, the batch it repeats; otherwise null
     * @param message one line for anything but {@code NONE}
     */
    record Verdict(AppendError error, BatchMetadata duplicate, String message) {
        static final Verdict OK = new Verdict(AppendError.NONE, null, "");
    }

    private ProducerSequenceCheck() {
    }

    /** Checks {@code batch} (with a producer id) against the producer's current state ({@code null}: unknown). */
    static Verdict check(ProducerStateEntry entry, RecordBatch batch) {
        if (entry == null) {
            return Verdict.OK; // KIP-360: no state (new, expired or deleted by retention) accepts any sequence
        }
        long producerId = batch.producerId();
        short epoch = batch.producerEpoch();
        int firstSequence = batch.baseSequence();
        int lastSequence = batch.lastSequence();
        BatchMetadata duplicate = entry.findDuplicate(epoch, firstSequence, lastSequence).orElse(null);
        if (duplicate != null) {
            return new Verdict(AppendError.DUPLICATE_SEQUENCE_NUMBER, duplicate, "producer " + producerId
                    + " epoch " + epoch + " sequences " + firstSequence + ".." + lastSequence
                    + " were already appended at offsets " + duplicate.firstOffset() + ".." + duplicate.lastOffset());
        }
        if (epoch < entry.producerEpoch()) {
            return new Verdict(AppendError.INVALID_PRODUCER_EPOCH, null, "producer " + producerId + " epoch " + epoch
                    + " is older than the partition's current epoch " + entry.producerEpoch()
                    + ": a newer instance of this producer fenced it");
        }
        if (epoch > entry.producerEpoch()) {
            if (firstSequence != 0) {
                return new Verdict(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER, null, "producer " + producerId
                        + " new epoch " + epoch + " (was " + entry.producerEpoch() + ") must start at sequence 0, not "
                        + firstSequence);
            }
            return Verdict.OK;
        }
        if (!BatchMetadata.inSequence(entry.lastSequence(), firstSequence)) {
            return new Verdict(AppendError.OUT_OF_ORDER_SEQUENCE_NUMBER, null, "producer " + producerId + " epoch "
                    + epoch + " sent sequence " + firstSequence + " but the partition's last sequence is "
                    + entry.lastSequence() + " (expected " + nextSequence(entry.lastSequence()) + ")");
        }
        return Verdict.OK;
    }

    private static int nextSequence(int lastSequence) {
        return lastSequence == Integer.MAX_VALUE ? 0 : lastSequence + 1;
    }
}
