package io.gregor.replication;

import io.gregor.replication.ReplicaMessage.ProduceResponse;

/**
 * The broker's side of a produce: called exactly once with the answer, either before
 * {@link PartitionReplica#handleProduce} returns (refusals, acks=0/1) or from a later event (acks=all).
 */
@FunctionalInterface
public interface ProduceCallback {
    void complete(ProduceResponse response);
}
