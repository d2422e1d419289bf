package io.gregor.replication;

/**
 * What a {@link PartitionReplica} tells an outside checker at the moments its safety rules are about: a request
 * served, an acks=all write acknowledged, records handed to a consumer. The simulator's data-plane invariants judge
 * each moment against the whole cluster's state (the other replicas' logs, the controller's ISR), which the replica
 * itself cannot see. Calls happen inside the replica's own event, before the answer leaves; an audit must not
 * change the replica. {@link #NONE} outside the simulator.
 */
public interface ReplicaAudit {

    /** Checks nothing. */
    ReplicaAudit NONE = new ReplicaAudit() {
    };

    /**
     * {@code replica} is about to serve {@code request} (produce, a follower's or a consumer's fetch,
     * OffsetsForLeaderEpoch), which carried {@code requestEpoch} as the current leader epoch (KIP-320) or
     * {@link ReplicaMessage#NO_EPOCH}.
     */
    default void served(PartitionReplica replica, String request, int requestEpoch) {
    }

    /**
     * {@code replica}, as leader, answers success to an acks=all write whose last offset is {@code requiredOffset - 1}.
     */
    default void acknowledged(PartitionReplica replica, long requiredOffset) {
    }

    /** {@code replica}, as leader, hands a consumer records ending just below {@code endOffset}. */
    default void consumerRead(PartitionReplica replica, long endOffset) {
    }
}
