package io.gregor.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One idempotent producer's state on one partition (Kafka's {@code ProducerStateEntry}): its producer epoch and
 * the metadata of its last {@link #NUM_BATCHES_TO_RETAIN} batches, oldest first. Immutable: an append makes a new
 * entry, so a caller holding one sees a consistent moment.
 *
 * <p>Why five: a producer with {@code enable.idempotence} keeps at most five requests in flight per connection
 * ({@code max.in.flight.requests.per.connection <= 5}), so a retry can only ever be of one of its last five batches.
 *
 * @param producerId the producer id (never {@link RecordBatch#NO_PRODUCER_ID})
 * @param producerEpoch the epoch of the producer's newest batch
 * @param batches one to five batches, oldest first, all of {@code producerEpoch}, with ascending offsets
 */
public record ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches) {

    /** How many batches per producer the log remembers for duplicate detection. */
    public static final int NUM_BATCHES_TO_RETAIN = 5;

    public ProducerStateEntry {
        if (producerId < 0) {
            throw new IllegalArgumentException("producer id must not be negative: " + producerId);
        }
        if (producerEpoch < 0) {
            throw new IllegalArgumentException("producer " + producerId + " has a negative epoch " + producerEpoch);
        }
        batches = List.copyOf(batches);
        if (batches.isEmpty() || batches.size() > NUM_BATCHES_TO_RETAIN) {
            throw new IllegalArgumentException("producer " + producerId + " must keep 1 to " + NUM_BATCHES_TO_RETAIN
                    + " batches, not " + batches.size());
        }
        for (int i = 1; i < batches.size(); i++) {
            if (batches.get(i).firstOffset() <= batches.get(i - 1).lastOffset()) {
                throw new IllegalArgumentException("producer " + producerId + " batches overlap or go back: "
                        + batches);
            }
        }
    }

    /** The state after one batch: a new producer, or a new epoch, starts over from this batch. */
    static ProducerStateEntry first(long producerId, short producerEpoch, BatchMetadata batch) {
        return new ProducerStateEntry(producerId, producerEpoch, List.of(batch));
    }

    /**
     * This producer after appending {@code batch} with {@code epoch}: a different epoch forgets the old epoch's
     * batches (their sequences mean nothing in the new epoch); otherwise the oldest batch falls out past five.
     */
    ProducerStateEntry withBatch(short epoch, BatchMetadata batch) {
        if (epoch != producerEpoch) {
            return first(producerId, epoch, batch);
        }
        List<BatchMetadata> next = new ArrayList<>(NUM_BATCHES_TO_RETAIN);
        int from = batches.size() == NUM_BATCHES_TO_RETAIN ? 1 : 0;
        next.addAll(batches.subList(from, batches.size()));
        next.add(batch);
        return new ProducerStateEntry(producerId, producerEpoch, next);
    }

    /** The cached batch that a batch of {@code epoch} with these sequences repeats, if any. */
    Optional<BatchMetadata> findDuplicate(short epoch, int firstSequence, int lastSequence) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        for (BatchMetadata b : batches) {
            if (b.sameSequences(firstSequence, lastSequence)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * This producer without the batches below {@code logStartOffset} (retention deleted them), or empty if none is
     * left: a duplicate is never answered with an offset the log no longer holds.
     */
    Optional<ProducerStateEntry> withoutBatchesBelow(long logStartOffset) {
        if (batches.get(0).firstOffset() >= logStartOffset) {
            return Optional.of(this);
        }
        List<BatchMetadata> kept = new ArrayList<>();
        for (BatchMetadata b : batches) {
            if (b.firstOffset() >= logStartOffset) {
                kept.add(b);
            }
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(new ProducerStateEntry(producerId, producerEpoch, kept));
    }

    public BatchMetadata lastBatch() {
        return batches.get(batches.size() - 1);
    }

    public int lastSequence() {
        return lastBatch().lastSequence();
    }

    public long lastOffset() {
        return lastBatch().lastOffset();
    }

    /** The newest batch's max timestamp: producer-id expiry counts idleness from it. */
    public long lastTimestamp() {
        return lastBatch().timestamp();
    }
}
