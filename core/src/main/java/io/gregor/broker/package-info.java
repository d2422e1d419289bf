/**
 * The broker's data plane: what clients and other brokers send it ({@link io.gregor.broker.BrokerMessage}: Metadata,
 * Produce, Fetch, OffsetForLeaderEpoch, InitProducerId), and {@link io.gregor.broker.ReplicaManager}, which hosts
 * this broker's partition replicas ({@code io.gregor.replication}) as its metadata image says, routes requests to
 * them, and sends their follower fetches and AlterPartition proposals.
 */
package io.gregor.broker;
