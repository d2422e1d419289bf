package io.gregor.client;

import io.gregor.broker.TopicPartition;
import io.gregor.common.Invariant;
import io.gregor.log.RecordBatch;
import io.gregor.log.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of a partition's records on its way to the leader (Kafka's {@code ProducerBatch}).
 *
 * <p>Life: <em>open</em> (accepting records) → <em>closed</em> (full or lingered) → <em>sequenced</em> (bytes built
 * with the producer id, epoch and base sequence) → sent, perhaps many times → done (acked, failed or
 * indeterminate). Once a batch has been sent its bytes never change: a retry carries the same producer id, epoch,
 * sequence and records, which is what lets the broker recognise it as a duplicate (KIP-98). A batch that was never
 * sent may be sequenced again under a new producer id.
 *
 * <p>What decides whether a failure is definite is tracked here: {@link #attempts}, and {@link #possiblyWritten},
 * which turns true when an attempt got no answer or an answer that allows an append (REQUEST_TIMED_OUT,
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND).
 */
final class ProducerBatch {

    /** One record waiting in the batch, with its producer callback. */
    record PendingRecord(long timestampMs, String key, String value, SendResult.Callback callback) {
    }

    final TopicPartition partition;
    final long createdNs;
    private final RecordBatchBuilder sizer;
    private final int maxSizeBytes;
    private final List<PendingRecord> records = new ArrayList<>();
    private boolean closed;

    private ByteBuffer bytes;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;

    int attempts;
    int outstandingAttempts;
    boolean possiblyWritten;
    /** Whether an earlier batch of the same producer id was unresolved when the current attempt was sent. */
    boolean sentBehindUnresolved;
    long currentRequestId;
    long requestTimer;
    long deliveryTimer;
    long retryNotBeforeNs = Long.MIN_VALUE;
    private boolean done;

    ProducerBatch(TopicPartition partition, long createdNs, int batchSizeBytes) {
        this.partition = partition;
        this.createdNs = createdNs;
        // a record larger than batchSizeBytes gets a batch of its own (as in Kafka), bounded by the broker's limit
        this.sizer = new RecordBatchBuilder(RecordBatchBuilder.DEFAULT_MAX_BATCH_SIZE_BYTES);
        this.maxSizeBytes = batchSizeBytes;
    }

    /** Whether a record fits: always for the first record, else within the batch size. */
    boolean hasRoomFor(long timestampMs, String key, String value) {
        if (closed) {
            return false;
        }
        if (records.isEmpty()) {
            return true;
        }
        return sizer.sizeInBytes() + recordSizeUpperBound(key, value) <= maxSizeBytes
                && sizer.hasRoomFor(timestampMs, utf8(key), utf8(value), List.of());
    }

    /** Appends a record; the caller checked {@link #hasRoomFor}. */
    void append(PendingRecord record) {
        Invariant.check(!closed, "append to a closed batch of %s", partition);
        sizer.append(record.timestampMs(), utf8(record.key()), utf8(record.value()), List.of());
        records.add(record);
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    int recordCount() {
        return records.size();
    }

    int sizeInBytes() {
        return bytes != null ? bytes.remaining() : sizer.sizeInBytes();
    }

    List<PendingRecord> records() {
        return records;
    }

    /**
     * Builds the bytes with these producer fields. Allowed only before the first send: a sent batch's bytes are
     * what the broker deduplicates by.
     */
    void sequence(long id, short epoch, int firstSequence) {
        Invariant.check(closed && attempts == 0, "re-sequencing batch of %s after %s attempts", partition, attempts);
        RecordBatchBuilder builder = new RecordBatchBuilder(RecordBatchBuilder.DEFAULT_MAX_BATCH_SIZE_BYTES);
        builder.producer(id, epoch, firstSequence);
        for (PendingRecord r : records) {
            builder.append(r.timestampMs(), r.key(), r.value());
        }
        this.bytes = builder.build();
        this.producerId = id;
        this.producerEpoch = epoch;
        this.baseSequence = firstSequence;
    }

    /** Drops the bytes of a batch that was never sent, so it can be numbered under a new producer identity. */
    void unsequence() {
        Invariant.check(attempts == 0, "unsequencing a batch of %s that was sent", partition);
        bytes = null;
        producerId = RecordBatch.NO_PRODUCER_ID;
        producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        baseSequence = RecordBatch.NO_SEQUENCE;
    }

    boolean isSequenced() {
        return bytes != null;
    }

    /** The batch's bytes for one attempt (a fresh view; the bytes themselves never change once sent). */
    ByteBuffer bytesForSend() {
        Invariant.check(bytes != null, "sending an unsequenced batch of %s", partition);
        return bytes.duplicate();
    }

    long producerId() {
        return producerId;
    }

    short producerEpoch() {
        return producerEpoch;
    }

    int baseSequence() {
        return baseSequence;
    }

    boolean isDone() {
        return done;
    }

    boolean inFlight() {
        return currentRequestId != 0;
    }

    /** Completes every record's callback once; record {@code i} of an acked batch is at {@code baseOffset + i}. */
    void complete(SendResult batchResult) {
        Invariant.check(!done, "batch of %s completed twice", partition);
        done = true;
        for (int i = 0; i < records.size(); i++) {
            SendResult result = batchResult;
            if (batchResult instanceof SendResult.Acked acked && acked.offset() >= 0) {
                result = new SendResult.Acked(acked.offset() + i);
            }
            records.get(i).callback().onCompletion(result);
        }
    }

    /** At most this many bytes for a record (Kafka's estimate: the varint fields at their widest). */
    static int recordSizeUpperBound(String key, String value) {
        int varintFields = 5 + 1 + 10 + 5 + 5 + 5 + 1; // length, attributes, timestamp, offset, key, value, headers
        return varintFields + utf8Length(key) + utf8Length(value);
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ByteBuffer utf8(String s) {
        return s == null ? null : ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return partition + "[pid " + producerId + " epoch " + producerEpoch + " seq " + baseSequence + " x"
                + records.size() + "]";
    }
}
