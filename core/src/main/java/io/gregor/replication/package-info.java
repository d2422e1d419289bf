/**
 * Partition replication, the heart of Kafka's data plane: one partition's replica on one broker, leader or follower
 * as the controller's registration says, as a deterministic state machine the broker hosts.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link io.gregor.replication.ReplicaMessage} — Fetch (with last fetched epoch, KIP-320), Produce,
 *       OffsetsForLeaderEpoch; {@link io.gregor.replication.ReplicationErrors} — their error codes.</li>
 *   <li>{@link io.gregor.replication.PartitionReplica} — roles from the registration, leader-epoch fencing of every
 *       request, produce with acks 0/1/all and min.insync.replicas, the high watermark.</li>
 *   <li>Package-private parts: {@code LeaderState} (followers' progress, the committed and maximal ISR, ISR
 *       shrink/expand proposals, KIP-497), {@code FollowerReplicaState} (one follower as the leader sees it),
 *       {@code FollowerFetcher} (a follower's fetch loop and truncation by epoch, KIP-101/279),
 *       {@code PendingProduces} (acks=all requests waiting for the high watermark).</li>
 * </ol>
 *
 * <h2>Rules and the bugs they prevent</h2>
 * Each rule carries a one-line comment naming its bug, and a {@code // Mutation.X:} comment where its switch goes:
 * truncation by epoch, not high watermark (KIP-101); iterative truncation when the leader's epoch is unknown
 * (KIP-279); re-validation on a new epoch of the same leader (KAFKA-7164); the leader's high watermark applied only
 * after truncation (KAFKA-14704); leader-epoch fencing (KIP-320); min.insync.replicas for acks=all; offsets
 * assigned only by the current leader.
 */
package io.gregor.replication;
