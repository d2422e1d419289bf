package io.gregor.raft;

import io.gregor.log.LogConfig;
import io.gregor.mutation.Mutations;
import java.util.List;
import java.util.TreeSet;

/**
 * A quorum's static settings (Kafka's {@code controller.quorum.*}).
 *
 * @param voters the voter ids, fixed (no reconfiguration yet)
 * @param electionTimeoutMs base election timeout; each wait is drawn from {@code [t, 2t)}
 *     ({@code controller.quorum.election.timeout.ms})
 * @param electionBackoffMaxMs the largest backoff after a lost election ({@code election.backoff.max.ms})
 * @param fetchTimeoutMs a follower that fetches nothing this long stands for election; a leader that hears no
 *     fetch from a majority this long resigns (check-quorum) ({@code controller.quorum.fetch.timeout.ms})
 * @param fetchIntervalMs how long a follower waits before fetching again after an empty answer (long-poll stand-in)
 * @param requestTimeoutMs a request with no answer this long is sent again ({@code request.timeout.ms})
 * @param maxFetchBytes the most record bytes one fetch answer carries
 * @param logConfig the metadata log's limits
 * @param mutations bug switches (simulation only)
 * @param snapshotIntervalRecords take a snapshot (KIP-630) each time this many offsets were applied since the last
 *     one; {@code 0} never snapshots (the default, and what a state machine without snapshots gets anyway). Segments
 *     below the older of the two kept snapshots are then deleted per the log's retention settings, as Kafka's
 *     {@code metadata.max.retention.bytes} does; set {@code retentionBytes} 0 to trim all it may
 */
public record RaftConfig(List<Integer> voters, long electionTimeoutMs, long electionBackoffMaxMs, long fetchTimeoutMs,
        long fetchIntervalMs, long requestTimeoutMs, int maxFetchBytes, LogConfig logConfig, Mutations mutations,
        int snapshotIntervalRecords) {

    /** The metadata log's directory on the node's disk. */
    public static final String LOG_DIR = "__cluster_metadata-0";

    public RaftConfig {
        voters = List.copyOf(new TreeSet<>(voters));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a quorum needs at least one voter");
        }
        if (electionTimeoutMs <= 0 || electionBackoffMaxMs <= 0 || fetchTimeoutMs <= 0 || fetchIntervalMs <= 0
                || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("raft timeouts must be positive");
        }
        if (maxFetchBytes <= 0) {
            throw new IllegalArgumentException("maxFetchBytes must be positive: " + maxFetchBytes);
        }
        if (snapshotIntervalRecords < 0) {
            throw new IllegalArgumentException("snapshotIntervalRecords must be 0 (off) or positive: "
                    + snapshotIntervalRecords);
        }
    }

    /** Kafka's defaults: 1 s election timeout, 1 s backoff, 2 s fetch timeout. */
    public static RaftConfig defaults(List<Integer> voters) {
        return new RaftConfig(voters, 1000, 1000, 2000, 50, 500, 64 * 1024, LogConfig.DEFAULT, Mutations.none(),
                0);
    }

    public RaftConfig withMutations(Mutations value) {
        return new RaftConfig(voters, electionTimeoutMs, electionBackoffMaxMs, fetchTimeoutMs, fetchIntervalMs,
                requestTimeoutMs, maxFetchBytes, logConfig, value, snapshotIntervalRecords);
    }

    /** Snapshots every {@code records} applied offsets (0: off). */
    public RaftConfig withSnapshotIntervalRecords(int records) {
        return new RaftConfig(voters, electionTimeoutMs, electionBackoffMaxMs, fetchTimeoutMs, fetchIntervalMs,
                requestTimeoutMs, maxFetchBytes, logConfig, mutations, records);
    }

    public RaftConfig withLogConfig(LogConfig value) {
        return new RaftConfig(voters, electionTimeoutMs, electionBackoffMaxMs, fetchTimeoutMs, fetchIntervalMs,
                requestTimeoutMs, maxFetchBytes, value, mutations, snapshotIntervalRecords);
    }

    public int majority() {
        return voters.size() / 2 + 1;
    }
}
