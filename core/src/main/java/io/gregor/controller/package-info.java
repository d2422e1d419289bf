/**
 * The KRaft controller's metadata state machine (KIP-500, KIP-631, KIP-841): the metadata records, their byte
 * serde, the {@link io.gregor.controller.MetadataImage} every broker rebuilds by replaying the metadata log, and
 * the {@link io.gregor.controller.QuorumController} that turns requests (broker registration and heartbeats,
 * CreateTopics, DeleteTopics, AlterPartition) into records plus a reply.
 *
 * <p>The controller is pure and single-threaded: it never reads a clock (time is passed in as {@code nowNs}) and
 * never does I/O. It sits on a replicated log through the narrow {@link io.gregor.controller.MetadataLog}
 * interface, so the raft package can be adapted to it without this package depending on raft. Records are
 * appended by the active controller and change the committed image only when the log reports them committed.
 *
 * <p>Reading order: {@link io.gregor.controller.MetadataRecord} and its records, {@link
 * io.gregor.controller.MetadataImage}, {@link io.gregor.controller.PartitionChangeBuilder} (leader election from
 * the ISR), {@link io.gregor.controller.ClusterControl} (registration, fencing), {@link
 * io.gregor.controller.ReplicationControl} (topics, AlterPartition), then {@link
 * io.gregor.controller.QuorumController}. For wiring to a quorum: {@link io.gregor.controller.MetadataBatches}
 * (records as v2 record batches), {@link io.gregor.controller.DeferredReplies} (replies held until their records
 * commit) and {@link io.gregor.controller.MetadataSnapshot} (KIP-630 snapshots).
 *
 * <p>Snapshots: a metadata snapshot is the image written as the records that rebuild it from empty ({@link
 * io.gregor.controller.MetadataImage#toRecords()}: each broker's registration with its fence and controlled-shutdown
 * state, each topic with its configs and partitions, epochs included), framed by {@link
 * io.gregor.controller.MetadataSnapshot} with a magic, a version and the end offset it covers (the byte layout is in
 * that class). A standby controller takes a restored image with {@link
 * io.gregor.controller.QuorumController#handleLoadSnapshot(long, MetadataImage)}; the active one never does. No id
 * counter needs saving: broker epochs and topic ids come from log offsets, which keep growing past the snapshot.
 */
package io.gregor.controller;
