package io.gregor.client;

import io.gregor.broker.TopicPartition;
import io.gregor.log.MemoryRecords;
import io.gregor.log.Record;
import io.gregor.log.RecordBatch;
import io.gregor.replication.ReplicaMessage;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochRequest;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import io.gregor.replication.ReplicationErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One partition's log as the fake brokers share it: perfectly replicated (the high watermark is the log end), led
 * by one broker at a leader epoch. It enforces what a client must cope with: leader and epoch fencing (KIP-320)
 * and idempotent-producer sequence rules with the last five batches per producer (KIP-98).
 */
final class FakePartition {

    /** A batch in the log with its offsets and the epoch of the leader that appended it. */
    record StoredBatch(long baseOffset, int leaderEpoch, ByteBuffer bytes) {
        RecordBatch batch() {
            return RecordBatch.of(bytes.duplicate());
        }
    }

    private record SeqEntry(int firstSeq, int lastSeq, long baseOffset) {
    }

    private static final class ProducerState {
        short epoch;
        int lastSeq;
        final ArrayDeque<SeqEntry> lastBatches = new ArrayDeque<>();
    }

    final TopicPartition tp;
    int leaderId;
    int leaderEpoch;
    final List<StoredBatch> log = new ArrayList<>();
    /** Leader epoch → start offset (the epoch cache). */
    final TreeMap<Integer, Long> epochStarts = new TreeMap<>();
    private final TreeMap<Long, ProducerState> producers = new TreeMap<>();
    long logEndOffset;
    long logStartOffset;
    /** Answer every produce with this error instead, while non-null (after the append if {@link #failAfterAppend}). */
    ReplicationErrors forcedProduceError;
    boolean failAfterAppend;

    FakePartition(TopicPartition tp, int leaderId) {
        this.tp = tp;
        this.leaderId = leaderId;
        this.leaderEpoch = 0;
        epochStarts.put(0, 0L);
    }

    void electLeader(int brokerId) {
        leaderId = brokerId;
        leaderEpoch++;
        epochStarts.put(leaderEpoch, logEndOffset);
    }

    /** An unclean election: the new leader's log ends at {@code offset} (a batch boundary) and its epoch is new. */
    void truncateAndElect(long offset, int brokerId) {
        log.removeIf(b -> b.baseOffset() >= offset);
        logEndOffset = log.isEmpty() ? 0 : log.get(log.size() - 1).batch().nextOffset();
        epochStarts.entrySet().removeIf(e -> e.getValue() > logEndOffset);
        producers.clear();
        for (StoredBatch b : log) {
            RecordBatch rb = b.batch();
            if (rb.producerId() >= 0) {
                remember(rb, b.baseOffset());
            }
        }
        electLeader(brokerId);
    }

    /** Retention: deletes the batches that end at or below {@code offset} (a batch boundary) and moves the log start. */
    void deleteBefore(long offset) {
        log.removeIf(b -> b.batch().nextOffset() <= offset);
        logStartOffset = offset;
    }

    static ProduceResponse produceError(ReplicationErrors error) {
        return new ProduceResponse(error, -1, -1, "fake broker: " + error);
    }

    private ReplicationErrors fence(int brokerId, int currentLeaderEpoch) {
        if (brokerId != leaderId) {
            return ReplicationErrors.NOT_LEADER_OR_FOLLOWER;
        }
        if (currentLeaderEpoch != ReplicaMessage.NO_EPOCH && currentLeaderEpoch < leaderEpoch) {
            return ReplicationErrors.FENCED_LEADER_EPOCH;
        }
        if (currentLeaderEpoch > leaderEpoch) {
            return ReplicationErrors.UNKNOWN_LEADER_EPOCH;
        }
        return ReplicationErrors.NONE;
    }

    ProduceResponse produce(int brokerId, ProduceRequest request) {
        ReplicationErrors fenced = fence(brokerId, request.currentLeaderEpoch());
        if (fenced != ReplicationErrors.NONE) {
            return produceError(fenced);
        }
        if (forcedProduceError != null && !failAfterAppend) {
            return produceError(forcedProduceError);
        }
        ByteBuffer bytes = ByteBuffer.allocate(request.records().remaining());
        bytes.put(request.records().duplicate()).flip();
        RecordBatch batch = RecordBatch.of(bytes);
        if (!batch.isValid()) {
            return produceError(ReplicationErrors.CORRUPT_MESSAGE);
        }
        if (batch.producerId() >= 0) {
            ProducerState state = producers.get(batch.producerId());
            if (state != null) {
                for (SeqEntry e : state.lastBatches) {
                    if (e.firstSeq == batch.baseSequence() && e.lastSeq == batch.lastSequence()
                            && state.epoch == batch.producerEpoch()) {
                        if (forcedProduceError != null) {
                            return produceError(forcedProduceError);
                        }
                        return new ProduceResponse(ReplicationErrors.NONE, e.baseOffset, -1, null); // duplicate
                    }
                }
                if (batch.producerEpoch() < state.epoch) {
                    return produceError(ReplicationErrors.INVALID_PRODUCER_EPOCH);
                }
                boolean inSequence = batch.producerEpoch() > state.epoch ? batch.baseSequence() == 0
                        : batch.baseSequence() == state.lastSeq + 1;
                if (!inSequence) {
                    return produceError(ReplicationErrors.OUT_OF_ORDER_SEQUENCE_NUMBER);
                }
            }
        }
        long baseOffset = logEndOffset;
        batch.setBaseOffset(baseOffset);
        batch.setPartitionLeaderEpoch(leaderEpoch);
        log.add(new StoredBatch(baseOffset, leaderEpoch, bytes));
        logEndOffset = batch.nextOffset();
        if (batch.producerId() >= 0) {
            remember(batch, baseOffset);
        }
        if (forcedProduceError != null) {
            return produceError(forcedProduceError);
        }
        return new ProduceResponse(ReplicationErrors.NONE, baseOffset, -1, null);
    }

    private void remember(RecordBatch batch, long baseOffset) {
        ProducerState state = producers.computeIfAbsent(batch.producerId(), id -> new ProducerState());
        if (batch.producerEpoch() != state.epoch) {
            state.lastBatches.clear();
        }
        state.epoch = batch.producerEpoch();
        state.lastSeq = batch.lastSequence();
        state.lastBatches.addLast(new SeqEntry(batch.baseSequence(), batch.lastSequence(), baseOffset));
        while (state.lastBatches.size() > 5) {
            state.lastBatches.removeFirst();
        }
    }

    FetchResponse fetch(int brokerId, FetchRequest request) {
        ReplicationErrors fenced = fence(brokerId, request.currentLeaderEpoch());
        if (fenced != ReplicationErrors.NONE) {
            return new FetchResponse(fenced, leaderEpoch, -1, -1, -1, null, MemoryRecords.EMPTY);
        }
        if (request.fetchOffset() > logEndOffset || request.fetchOffset() < logStartOffset) {
            return new FetchResponse(ReplicationErrors.OFFSET_OUT_OF_RANGE, leaderEpoch, -1, logStartOffset,
                    logEndOffset, null, MemoryRecords.EMPTY);
        }
        List<ByteBuffer> out = new ArrayList<>();
        int bytes = 0;
        for (StoredBatch b : log) {
            if (b.batch().nextOffset() <= request.fetchOffset()) {
                continue;
            }
            if (!out.isEmpty() && bytes + b.bytes().remaining() > request.maxBytes()) {
                break;
            }
            out.add(b.bytes().duplicate());
            bytes += b.bytes().remaining();
        }
        return new FetchResponse(ReplicationErrors.NONE, leaderEpoch, logEndOffset, logStartOffset, logEndOffset, null,
                MemoryRecords.of(out.toArray(new ByteBuffer[0])));
    }

    OffsetForLeaderEpochResponse offsetForLeaderEpoch(int brokerId, OffsetForLeaderEpochRequest request) {
        ReplicationErrors fenced = fence(brokerId, request.currentLeaderEpoch());
        if (fenced != ReplicationErrors.NONE) {
            return new OffsetForLeaderEpochResponse(fenced, -1, -1);
        }
        Integer epoch = epochStarts.floorKey(request.leaderEpoch());
        if (epoch == null) {
            return new OffsetForLeaderEpochResponse(ReplicationErrors.NONE, -1, -1);
        }
        Integer nextEpoch = epochStarts.higherKey(epoch);
        long end = nextEpoch == null ? logEndOffset : epochStarts.get(nextEpoch);
        return new OffsetForLeaderEpochResponse(ReplicationErrors.NONE, epoch, end);
    }

    /** Every record's value in log order. */
    List<String> values() {
        List<String> out = new ArrayList<>();
        for (StoredBatch b : log) {
            for (Record r : b.batch().records()) {
                out.add(r.value() == null ? null : StandardCharsets.UTF_8.decode(r.value().duplicate()).toString());
            }
        }
        return out;
    }

    /** Every record's offset in log order. */
    List<Long> offsets() {
        List<Long> out = new ArrayList<>();
        for (StoredBatch b : log) {
            for (Record r : b.batch().records()) {
                out.add(r.offset());
            }
        }
        return out;
    }

    int batchCount() {
        return log.size();
    }
}
