/**
 * The KRaft metadata quorum (KIP-595, pre-vote from KIP-996): a fixed set of voters replicating one log,
 * {@code __cluster_metadata-0}, by pull.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link io.gregor.raft.EpochState} and its roles ({@link io.gregor.raft.UnattachedState},
 *       {@link io.gregor.raft.FollowerState}, {@link io.gregor.raft.ProspectiveState},
 *       {@link io.gregor.raft.CandidateState}, {@link io.gregor.raft.LeaderState},
 *       {@link io.gregor.raft.ResignedState}); {@link io.gregor.raft.QuorumState} owns the transitions (the table
 *       is in its Javadoc) and {@link io.gregor.raft.QuorumStateStore} makes epoch and vote durable.</li>
 *   <li>{@link io.gregor.raft.RaftMessage} — Vote (with pre-vote), BeginQuorumEpoch, EndQuorumEpoch, Fetch,
 *       FetchSnapshot.</li>
 *   <li>{@link io.gregor.raft.RaftNode} — the voter: elections, pull replication with divergence truncation
 *       (KIP-101/595), the high watermark, check-quorum, and delivery of committed records to a
 *       {@link io.gregor.raft.StateMachine}.</li>
 *   <li>Snapshots (KIP-630), off unless {@link io.gregor.raft.RaftConfig#snapshotIntervalRecords} is set and the
 *       state machine implements {@link io.gregor.raft.StateMachine#snapshot()}:
 *       {@link io.gregor.raft.CommitApplier} snapshots the state at the applied offset and trims the log below the
 *       older of the two kept snapshots; {@link io.gregor.raft.SnapshotStore} keeps the files (temp, fsync, rename,
 *       CRC; a bad file falls back to an older one); a leader sends a follower whose fetch offset is below its log
 *       start to its latest snapshot, which {@link io.gregor.raft.SnapshotDownload} fetches chunk by chunk; a
 *       restart loads the newest valid snapshot and replays the log after it.</li>
 * </ol>
 *
 * <h2>Not yet</h2>
 * Observers, dynamic voter sets (KIP-853), and fetch long-polling (a follower waits
 * {@code fetchIntervalMs} after an empty answer instead).
 */
package io.gregor.raft;
