package io.gregor.client;

import io.gregor.broker.TopicPartition;
import io.gregor.common.Invariant;
import io.gregor.env.Timers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Per partition, the batches a producer holds until they are acknowledged or given up (Kafka's
 * {@code RecordAccumulator} together with the per-partition sequence bookkeeping of its {@code TransactionManager}).
 *
 * <p>Each partition has at most one <em>open</em> batch taking records, and a list of closed batches in the order
 * they will be sent. Closed batches are numbered (sequenced) in that order: a batch's base sequence is the previous
 * batch's plus its record count, from 0 for each new producer identity (KIP-98). Because the producer sends a
 * partition's batches strictly in list order, the batches that were ever sent form a prefix of the list, and the
 * never-sent suffix may be renumbered when the producer gets a new identity.
 *
 * <p>Limit: {@code bufferMemoryBytes} over all partitions; an append past it is refused (Kafka blocks, then times
 * out: a simulated client cannot block).
 */
final class RecordAccumulator {

    /** One partition's batches and sequence state. */
    static final class PartitionQueue {
        final TopicPartition partition;
        ProducerBatch open;
        long lingerTimer = Timers.NO_TIMER;
        boolean draining;
        /** The producer id of the partition's last acknowledged batch. */
        long ackedProducerId = Long.MIN_VALUE;
        /** Closed batches, not yet done, in send order. */
        final List<ProducerBatch> batches = new ArrayList<>();
        private ProducerIdentity sequenceIdentity;
        private int nextSequence;

        PartitionQueue(TopicPartition partition) {
            this.partition = partition;
        }

        /** Whether a batch earlier in the list than {@code batch}, under the same identity, is still unresolved. */
        boolean hasUnresolvedPredecessor(ProducerBatch batch) {
            for (ProducerBatch b : batches) {
                if (b == batch) {
                    return false;
                }
                if (b.producerId() == batch.producerId()) {
                    return true;
                }
            }
            return false;
        }
    }

    private final int batchSizeBytes;
    private final long bufferMemoryBytes;
    private final TreeMap<TopicPartition, PartitionQueue> queues = new TreeMap<>();
    private long bufferedBytes;

    RecordAccumulator(int batchSizeBytes, long bufferMemoryBytes) {
        this.batchSizeBytes = batchSizeBytes;
        this.bufferMemoryBytes = bufferMemoryBytes;
    }

    PartitionQueue queue(TopicPartition tp) {
        return queues.computeIfAbsent(tp, PartitionQueue::new);
    }

    Collection<PartitionQueue> queues() {
        return queues.values();
    }

    /** Whether {@code sizeBytes} more fit under {@code bufferMemoryBytes}. */
    boolean hasRoomFor(int sizeBytes) {
        return bufferedBytes + sizeBytes <= bufferMemoryBytes;
    }

    /**
     * Appends a record to the partition's open batch (a new one if there is none); the caller closed the open
     * batch first if the record does not fit.
     *
     * @return the batch that took the record; {@code created} tells whether it is new
     */
    Appended append(TopicPartition tp, ProducerBatch.PendingRecord record, long nowNs) {
        PartitionQueue q = queue(tp);
        int sizeBytes = ProducerBatch.recordSizeUpperBound(record.key(), record.value());
        Invariant.check(hasRoomFor(sizeBytes), "append past bufferMemoryBytes on %s", tp);
        Invariant.check(q.open == null || q.open.hasRoomFor(record.timestampMs(), record.key(), record.value()),
                "the open batch of %s has no room", tp);
        boolean created = false;
        if (q.open == null) {
            q.open = new ProducerBatch(tp, nowNs, batchSizeBytes);
            created = true;
        }
        q.open.append(record);
        bufferedBytes += sizeBytes;
        return new Appended(q.open, created);
    }

    record Appended(ProducerBatch batch, boolean created) {
    }

    /** Moves the open batch (if any) to the end of the send list. */
    void close(PartitionQueue q) {
        if (q.open != null) {
            q.open.close();
            q.batches.add(q.open);
            q.open = null;
        }
    }

    /** Whether the open batch has reached the batch size (so it should go without lingering). */
    boolean isFull(ProducerBatch batch) {
        return batch.sizeInBytes() >= batchSizeBytes;
    }

    /** Numbers every closed, unsequenced batch of the partition under {@code identity}, in list order. */
    void sequence(PartitionQueue q, ProducerIdentity identity) {
        for (ProducerBatch b : q.batches) {
            if (b.isSequenced()) {
                continue;
            }
            if (!identity.equals(q.sequenceIdentity)) {
                q.sequenceIdentity = identity;
                q.nextSequence = 0;
            }
            if (identity.idempotent()) {
                b.sequence(identity.producerId(), identity.producerEpoch(), q.nextSequence);
                q.nextSequence = nextSequence(q.nextSequence, b.recordCount());
            } else {
                b.sequence(identity.producerId(), identity.producerEpoch(), -1);
            }
        }
    }

    /**
     * Forgets the numbers of the never-sent suffix of every partition, so that {@link #sequence} renumbers it under
     * the next identity. Sent batches keep their bytes: the broker deduplicates their retries by them.
     */
    void unsequenceUnsent() {
        for (PartitionQueue q : queues.values()) {
            for (ProducerBatch b : q.batches) {
                if (b.attempts == 0 && b.isSequenced()) {
                    b.unsequence();
                }
            }
        }
    }

    /** Removes a finished batch and releases its buffer bytes. */
    void remove(ProducerBatch batch) {
        PartitionQueue q = queue(batch.partition);
        if (q.open == batch) {
            q.open = null;
        } else {
            boolean removed = q.batches.remove(batch);
            Invariant.check(removed, "batch %s is not queued", batch);
        }
        for (ProducerBatch.PendingRecord r : batch.records()) {
            bufferedBytes -= ProducerBatch.recordSizeUpperBound(r.key(), r.value());
        }
        Invariant.check(bufferedBytes >= 0, "negative buffered bytes: %s", bufferedBytes);
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Sequence numbers wrap from {@code Integer.MAX_VALUE} to 0 (KIP-98). */
    static int nextSequence(int sequence, int recordCount) {
        long next = (long) sequence + recordCount;
        return (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }
}
