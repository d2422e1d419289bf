package io.gregor.replication;

import io.gregor.mutation.Mutations;
import java.util.Objects;

/**
 * A partition replica's settings, with Kafka's names.
 *
 * @param replicaLagTimeMaxMs {@code replica.lag.time.max.ms}: a follower not caught up to the leader's log end
 *     within this long leaves the ISR
 * @param minInsyncReplicas {@code min.insync.replicas}: acks=all needs at least this many in-sync replicas
 * @param flushOnAppend fsync every append before the offset counts (toward the high watermark, and for acks=1). Off
 *     by default, as in Kafka ({@code flush.messages} unset): the data survives by being on every ISR member, not by
 *     being on disk, so it survives any crash that leaves one ISR member's memory intact
 * @param replicaFetchMaxBytes {@code replica.fetch.max.bytes}: the soft size limit of a follower's fetch
 * @param fetchTimeoutMs a follower's fetch with no answer after this long is given up and sent again
 * @param alterPartitionRetryMs an AlterPartition proposal with no answer after this long is sent again
 * @param mutations bug switches (none in production)
 */
public record ReplicaConfig(long replicaLagTimeMaxMs, int minInsyncReplicas, boolean flushOnAppend,
        int replicaFetchMaxBytes, long fetchTimeoutMs, long alterPartitionRetryMs, Mutations mutations) {

    /** Kafka's defaults: 30 s lag time, min ISR 1, no flush, 1 MiB fetches, 30 s request timeout. */
    public static final ReplicaConfig DEFAULT = new ReplicaConfig(30_000, 1, false, 1024 * 1024, 30_000, 30_000,
            Mutations.none());

    public ReplicaConfig {
        Objects.requireNonNull(mutations, "mutations");
        if (replicaLagTimeMaxMs <= 0) {
            throw new IllegalArgumentException("replicaLagTimeMaxMs must be positive: " + replicaLagTimeMaxMs);
        }
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("minInsyncReplicas must be at least 1: " + minInsyncReplicas);
        }
        if (replicaFetchMaxBytes <= 0) {
            throw new IllegalArgumentException("replicaFetchMaxBytes must be positive: " + replicaFetchMaxBytes);
        }
        if (fetchTimeoutMs <= 0 || alterPartitionRetryMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive: fetchTimeoutMs=" + fetchTimeoutMs
                    + ", alterPartitionRetryMs=" + alterPartitionRetryMs);
        }
    }

    public ReplicaConfig withMinInsyncReplicas(int n) {
        return new ReplicaConfig(replicaLagTimeMaxMs, n, flushOnAppend, replicaFetchMaxBytes, fetchTimeoutMs,
                alterPartitionRetryMs, mutations);
    }

    public ReplicaConfig withReplicaLagTimeMaxMs(long ms) {
        return new ReplicaConfig(ms, minInsyncReplicas, flushOnAppend, replicaFetchMaxBytes, fetchTimeoutMs,
                alterPartitionRetryMs, mutations);
    }

    public ReplicaConfig withFlushOnAppend(boolean flush) {
        return new ReplicaConfig(replicaLagTimeMaxMs, minInsyncReplicas, flush, replicaFetchMaxBytes, fetchTimeoutMs,
                alterPartitionRetryMs, mutations);
    }

    /** The same settings with another follower fetch timeout (an unanswered fetch is sent again after it). */
    public ReplicaConfig withFetchTimeoutMs(long ms) {
        return new ReplicaConfig(replicaLagTimeMaxMs, minInsyncReplicas, flushOnAppend, replicaFetchMaxBytes, ms,
                alterPartitionRetryMs, mutations);
    }

    /** The same settings with another AlterPartition retry time. */
    public ReplicaConfig withAlterPartitionRetryMs(long ms) {
        return new ReplicaConfig(replicaLagTimeMaxMs, minInsyncReplicas, flushOnAppend, replicaFetchMaxBytes,
                fetchTimeoutMs, ms, mutations);
    }

    public ReplicaConfig withMutations(Mutations m) {
        return new ReplicaConfig(replicaLagTimeMaxMs, minInsyncReplicas, flushOnAppend, replicaFetchMaxBytes,
                fetchTimeoutMs, alterPartitionRetryMs, m);
    }

    long replicaLagTimeMaxNs() {
        return replicaLagTimeMaxMs * 1_000_000L;
    }
}
