/**
 * The KRaft controller ({@code io.gregor.controller}) running on the KRaft quorum ({@code io.gregor.raft}) in the
 * simulator.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link io.gregor.controllersim.RaftMetadataLog} — the controller's {@code MetadataLog} over a raft node:
 *       metadata offsets are raft offsets, batches keep their boundaries through a small frame, and read
 *       barriers are no-op records.</li>
 *   <li>{@link io.gregor.controllersim.ControllerNode} — a voter: activates once its own leader-change record
 *       committed, resigns when raft loses the epoch, holds replies until their records commit, answers reads
 *       after a barrier, ticks to fence lapsed brokers. {@link io.gregor.controllersim.ControllerMessage} is
 *       what it speaks.</li>
 *   <li>Brokers: {@link io.gregor.controllersim.BrokerLifecycle} (registration and heartbeats carrying the
 *       replayed metadata offset); {@link io.gregor.controllersim.SimBrokerNode}, a broker of the split deployment
 *       that observes the metadata log and replays its own image; {@link io.gregor.controllersim.CombinedNode}, a
 *       controller and a broker in one node. {@link io.gregor.controllersim.AdminClientNode} creates, deletes and
 *       describes topics as a cas register per topic name, recording a Jepsen history.</li>
 *   <li>{@link io.gregor.controllersim.ControllerCluster} with {@link io.gregor.controllersim.ControllerInvariants}
 *       after every event; {@link io.gregor.controllersim.TopicHistories} checks the history topic by topic;
 *       {@link io.gregor.controllersim.ControllerJob} is one seeded run under the nemesis.</li>
 * </ol>
 */
package io.gregor.controllersim;
