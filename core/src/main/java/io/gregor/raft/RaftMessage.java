package io.gregor.raft;

import java.util.Arrays;
import java.util.List;

/**
 * The quorum's messages (KIP-595), one record each. Every request and response carries the sender's epoch so a
 * receiver can fence stale senders and learn of newer epochs from any message. {@link RaftNode#onMessage} dispatches
 * them in one {@code instanceof} chain; a test over {@code getPermittedSubclasses()} keeps it complete.
 */
public sealed interface RaftMessage permits RaftMessage.VoteRequest, RaftMessage.VoteResponse,
        RaftMessage.BeginQuorumEpochRequest, RaftMessage.EndQuorumEpochRequest, RaftMessage.FetchRequest,
        RaftMessage.FetchResponse, RaftMessage.FetchSnapshotRequest, RaftMessage.FetchSnapshotResponse {

    /** The sender's epoch (for a pre-vote request: the epoch it would stand in). */
    int epoch();

    /**
     * Vote (KIP-595) and pre-vote (KIP-996, {@code preVote}): the candidate's last log entry lets a voter refuse a
     * candidate whose log is behind its own.
     */
    record VoteRequest(int epoch, int candidateId, int lastEpoch, long lastOffset, boolean preVote)
            implements RaftMessage {
        public VoteRequest {
            if (epoch < 0 || candidateId < 0 || lastOffset < 0) {
                throw new IllegalArgumentException("bad vote request: epoch " + epoch + " candidate " + candidateId
                        + " lastOffset " + lastOffset);
            }
        }
    }

    /** The answer to a {@link VoteRequest}; {@code leaderId} is the voter's known leader in its epoch, or -1. */
    record VoteResponse(int epoch, boolean granted, boolean preVote, int leaderId) implements RaftMessage {
    }

    /** A new leader announces itself to every voter (KIP-595). */
    record BeginQuorumEpochRequest(int epoch, int leaderId) implements RaftMessage {
    }

    /**
     * A leader resigns gracefully (KIP-595): {@code preferredSuccessors} are the voters in the order they should
     * stand, most caught-up first; the first skips its election timeout, the others wait less the earlier they are.
     */
    record EndQuorumEpochRequest(int epoch, int leaderId, List<Integer> preferredSuccessors) implements RaftMessage {
        public EndQuorumEpochRequest {
            preferredSuccessors = List.copyOf(preferredSuccessors);
        }
    }

    /**
     * Pull replication: a follower asks for records from {@code fetchOffset}, which is also its durable log end (it
     * flushed before asking); {@code lastFetchedEpoch} is the epoch of the entry before it, so the leader can detect
     * divergence. {@code requestId} matches the response to the request (the network duplicates and reorders).
     */
    record FetchRequest(int epoch, int replicaId, long fetchOffset, int lastFetchedEpoch, long requestId)
            implements RaftMessage {
        public FetchRequest {
            if (fetchOffset < 0) {
                throw new IllegalArgumentException("fetch offset must not be negative: " + fetchOffset);
            }
        }
    }

    /**
     * The leader's answer: an error (stale or unknown epoch, not the leader), a divergence ({@code divergingEpoch}
     * ≥ 0: truncate to {@code divergingEndOffset}), a snapshot to fetch instead (KIP-630, {@code snapshotEndOffset}
     * ≥ 0: the records the follower asked for were trimmed), or records (possibly none) from {@code fetchOffset} with
     * the leader's high watermark. {@code records} holds whole v2 batches.
     */
    record FetchResponse(int epoch, int leaderId, Error error, long requestId, long fetchOffset, long highWatermark,
            int divergingEpoch, long divergingEndOffset, byte[] records, long snapshotEndOffset, int snapshotEpoch)
            implements RaftMessage {

        /** Why a fetch (or a snapshot fetch) was refused. */
        public enum Error { NONE, FENCED_LEADER_EPOCH, NOT_LEADER, SNAPSHOT_NOT_FOUND }

        public FetchResponse {
            records = records == null ? new byte[0] : records;
        }

        /** An answer without a snapshot id. */
        public FetchResponse(int epoch, int leaderId, Error error, long requestId, long fetchOffset,
                long highWatermark, int divergingEpoch, long divergingEndOffset, byte[] records) {
            this(epoch, leaderId, error, requestId, fetchOffset, highWatermark, divergingEpoch, divergingEndOffset,
                    records, -1L, -1);
        }

        /** Deterministic text (an array's own toString is its identity, which would break the trace hash). */
        @Override
        public String toString() {
            return "FetchResponse[epoch=" + epoch + ", leaderId=" + leaderId + ", error=" + error + ", requestId="
                    + requestId + ", fetchOffset=" + fetchOffset + ", highWatermark=" + highWatermark
                    + ", divergingEpoch=" + divergingEpoch + ", divergingEndOffset=" + divergingEndOffset
                    + ", recordsBytes=" + records.length + ", recordsHash=" + Arrays.hashCode(records)
                    // (only when set: runs without snapshots keep their trace hashes)
                    + (snapshotEndOffset < 0 ? "" : ", snapshotEndOffset=" + snapshotEndOffset + ", snapshotEpoch="
                    + snapshotEpoch) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FetchResponse && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }
    }

    /**
     * KIP-630: a follower told to fetch snapshot ({@code snapshotEndOffset}, {@code snapshotEpoch}) asks for its
     * bytes from {@code position}, one chunk at a time.
     */
    record FetchSnapshotRequest(int epoch, int replicaId, long snapshotEndOffset, int snapshotEpoch, long position,
            long requestId) implements RaftMessage {
        public FetchSnapshotRequest {
            if (snapshotEndOffset < 0 || snapshotEpoch < 0 || position < 0) {
                throw new IllegalArgumentException("bad snapshot fetch: end " + snapshotEndOffset + " epoch "
                        + snapshotEpoch + " position " + position);
            }
        }
    }

    /**
     * A chunk of a snapshot file: {@code bytes} from {@code position} of a file of {@code sizeBytes} bytes, or an
     * error ({@code SNAPSHOT_NOT_FOUND} once the leader deleted it: fetch again to learn the newer one).
     */
    record FetchSnapshotResponse(int epoch, int leaderId, FetchResponse.Error error, long requestId,
            long snapshotEndOffset, int snapshotEpoch, long sizeBytes, long position, byte[] bytes)
            implements RaftMessage {

        public FetchSnapshotResponse {
            bytes = bytes == null ? new byte[0] : bytes;
        }

        /** Deterministic text (an array's own toString is its identity, which would break the trace hash). */
        @Override
        public String toString() {
            return "FetchSnapshotResponse[epoch=" + epoch + ", leaderId=" + leaderId + ", error=" + error
                    + ", requestId=" + requestId + ", snapshotEndOffset=" + snapshotEndOffset + ", snapshotEpoch="
                    + snapshotEpoch + ", sizeBytes=" + sizeBytes + ", position=" + position + ", bytes="
                    + bytes.length + ", bytesHash=" + Arrays.hashCode(bytes) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FetchSnapshotResponse && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }
    }
}
