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
 *   <li>{@link io.gregor.raft.RaftMessage} — Vote (with pre-vote), BeginQuorumEpoch, EndQuorumEpoch, Fetch.</li>
 *   <li>{@link io.gregor.raft.RaftNode} — the voter: elections, pull replication with divergence truncation
 *       (KIP-101/595), the high watermark, check-quorum, and delivery of committed records to a
 *       {@link io.gregor.raft.StateMachine}.</li>
 * </ol>
 *
 * <h2>Not yet</h2>
 * Snapshots (KIP-630), observers, dynamic voter sets (KIP-853), and fetch long-polling (a follower waits
 * {@code fetchIntervalMs} after an empty answer instead).
 */
package io.gregor.raft;
