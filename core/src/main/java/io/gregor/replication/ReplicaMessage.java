package io.gregor.replication;

import io.gregor.log.MemoryRecords;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The per-partition part of the data-plane messages a {@link PartitionReplica} answers or sends: Fetch (from
 * followers and consumers), Produce, OffsetsForLeaderEpoch. The broker wraps them with the topic partition and the
 * request header; the replica never sees either.
 *
 * <p>Every request carries the sender's idea of the current leader epoch (KIP-320), or {@link #NO_EPOCH} to skip
 * the check (old clients); the replica answers FENCED_LEADER_EPOCH to an older epoch and UNKNOWN_LEADER_EPOCH to a
 * newer one.
 */
public sealed interface ReplicaMessage {

    /** "No epoch" on the wire (Kafka's {@code RecordBatch.NO_PARTITION_LEADER_EPOCH}). */
    int NO_EPOCH = -1;

    /** The replica id a consumer's fetch carries (Kafka's {@code CONSUMER_REPLICA_ID}). */
    int CONSUMER_REPLICA_ID = -1;

    /**
     * Fetch one partition from {@code fetchOffset}.
     *
     * @param replicaId the fetching follower's broker id, or {@link #CONSUMER_REPLICA_ID}: a consumer reads only
     *     below the high watermark, a follower up to the log end
     * @param fetchOffset the first offset wanted: for a follower, its log end offset
     * @param lastFetchedEpoch the epoch of the follower's last batch, checked by the leader against its epoch cache
     *     (KIP-320 fetch-time divergence detection); {@link #NO_EPOCH} to skip the check
     * @param currentLeaderEpoch the leader epoch the sender believes is current, or {@link #NO_EPOCH}
     * @param maxBytes a soft limit: at least one batch is returned if there is one
     */
    record FetchRequest(int replicaId, long fetchOffset, int lastFetchedEpoch, int currentLeaderEpoch, int maxBytes)
            implements ReplicaMessage {
        public FetchRequest {
            requireAtLeast("fetchOffset", fetchOffset, 0);
            requireAtLeast("lastFetchedEpoch", lastFetchedEpoch, NO_EPOCH);
            requireAtLeast("currentLeaderEpoch", currentLeaderEpoch, NO_EPOCH);
            requireAtLeast("maxBytes", maxBytes, 0);
            requireAtLeast("replicaId", replicaId, CONSUMER_REPLICA_ID);
        }

        public boolean isFromFollower() {
            return replicaId != CONSUMER_REPLICA_ID;
        }
    }

    /**
     * Where a follower's log leaves the leader's: the end of {@code epoch} in the leader's log (KIP-320's
     * {@code DivergingEpoch}). The follower truncates to at most {@code endOffset}.
     */
    record DivergingEpoch(int epoch, long endOffset) {
        public DivergingEpoch {
            requireAtLeast("epoch", epoch, NO_EPOCH);
            requireAtLeast("endOffset", endOffset, -1);
        }
    }

    /**
     * The answer to a {@link FetchRequest}.
     *
     * @param error NONE, or why nothing was read
     * @param leaderEpoch the responder's current leader epoch (a hint for a fenced sender)
     * @param highWatermark the leader's high watermark (-1 on error)
     * @param logStartOffset the responder's log start offset (-1 on error)
     * @param logEndOffset the responder's log end offset, for OFFSET_OUT_OF_RANGE handling (-1 on error)
     * @param divergingEpoch non-null when the follower's log diverges; {@code records} is then empty
     * @param records whole batches, possibly empty
     */
    record FetchResponse(ReplicationErrors error, int leaderEpoch, long highWatermark, long logStartOffset,
            long logEndOffset, DivergingEpoch divergingEpoch, MemoryRecords records) implements ReplicaMessage {
        public FetchResponse {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(records, "records");
            if (divergingEpoch != null && records.sizeInBytes() > 0) {
                throw new IllegalArgumentException("a diverging fetch response carries no records");
            }
        }

        public static FetchResponse error(ReplicationErrors error, int leaderEpoch) {
            return new FetchResponse(error, leaderEpoch, -1, -1, -1, null, MemoryRecords.EMPTY);
        }
    }

    /**
     * Produce to one partition.
     *
     * @param acks 0 (no answer wanted), 1 (after the leader's append) or -1 (all: after the ISR has it)
     * @param currentLeaderEpoch the producer's idea of the leader epoch, or {@link #NO_EPOCH}
     * @param records one or more v2 batches; the leader assigns their offsets
     * @param timeoutMs how long an acks=all request may wait for the ISR before REQUEST_TIMED_OUT
     */
    record ProduceRequest(short acks, int currentLeaderEpoch, ByteBuffer records, long timeoutMs)
            implements ReplicaMessage {
        public ProduceRequest {
            Objects.requireNonNull(records, "records");
            requireAtLeast("currentLeaderEpoch", currentLeaderEpoch, NO_EPOCH);
            requireAtLeast("timeoutMs", timeoutMs, 0);
        }
    }

    /**
     * The answer to a {@link ProduceRequest}.
     *
     * @param error NONE or why the records were not (or not durably enough) written
     * @param baseOffset the first offset assigned, or -1
     * @param logAppendTimeMs the broker time stamped into LOG_APPEND_TIME batches, or -1
     * @param errorMessage a one-line explanation, or null
     */
    record ProduceResponse(ReplicationErrors error, long baseOffset, long logAppendTimeMs, String errorMessage)
            implements ReplicaMessage {
        public ProduceResponse {
            Objects.requireNonNull(error, "error");
        }

        public static ProduceResponse error(ReplicationErrors error, String message) {
            return new ProduceResponse(error, -1, -1, message);
        }
    }

    /**
     * OffsetsForLeaderEpoch for one partition (KIP-101/279; KIP-320 for consumers validating their position).
     *
     * @param replicaId the asking follower, or {@link #CONSUMER_REPLICA_ID}
     * @param currentLeaderEpoch fencing as for every request, or {@link #NO_EPOCH}
     * @param leaderEpoch the epoch whose end offset is wanted
     */
    record OffsetForLeaderEpochRequest(int replicaId, int currentLeaderEpoch, int leaderEpoch)
            implements ReplicaMessage {
        public OffsetForLeaderEpochRequest {
            requireAtLeast("replicaId", replicaId, CONSUMER_REPLICA_ID);
            requireAtLeast("currentLeaderEpoch", currentLeaderEpoch, NO_EPOCH);
            requireAtLeast("leaderEpoch", leaderEpoch, 0);
        }
    }

    /**
     * The largest epoch at most the requested one and where it ends in the leader's log; (-1, -1) when unknown.
     */
    record OffsetForLeaderEpochResponse(ReplicationErrors error, int leaderEpoch, long endOffset)
            implements ReplicaMessage {
        public OffsetForLeaderEpochResponse {
            Objects.requireNonNull(error, "error");
        }
    }

    private static void requireAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ": " + value);
        }
    }
}
