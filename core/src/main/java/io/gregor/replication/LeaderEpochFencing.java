package io.gregor.replication;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;

/**
 * KIP-320: every data-plane request carries the sender's idea of the current leader epoch. An older epoch means the
 * sender missed a leader change (FENCED_LEADER_EPOCH), a newer one means this replica did (UNKNOWN_LEADER_EPOCH);
 * either way the sender refreshes its metadata and retries, and a stale leader or follower never acts on a request
 * meant for another epoch. Checked before the role, as Kafka does, so a fenced client learns it is behind.
 */
final class LeaderEpochFencing {

    private LeaderEpochFencing() {
    }

    static ReplicationErrors checkLeaderEpoch(int requestEpoch, int replicaEpoch, Mutations mutations) {
        // Mutation.REPL_NO_LEADER_EPOCH_FENCING (KIP-320): serve whatever the epoch
        if (requestEpoch == ReplicaMessage.NO_EPOCH || mutations.on(Mutation.REPL_NO_LEADER_EPOCH_FENCING)) {
            return ReplicationErrors.NONE; // an old client that does not send the epoch
        }
        if (requestEpoch < replicaEpoch) {
            return ReplicationErrors.FENCED_LEADER_EPOCH;
        }
        if (requestEpoch > replicaEpoch) {
            return ReplicationErrors.UNKNOWN_LEADER_EPOCH;
        }
        return ReplicationErrors.NONE;
    }

    /** The epoch check, then: only the leader serves produce, fetch and OffsetsForLeaderEpoch. */
    static ReplicationErrors checkLeader(int requestEpoch, int replicaEpoch, boolean isLeader, Mutations mutations) {
        ReplicationErrors error = checkLeaderEpoch(requestEpoch, replicaEpoch, mutations);
        if (error != ReplicationErrors.NONE) {
            return error;
        }
        return isLeader ? ReplicationErrors.NONE : ReplicationErrors.NOT_LEADER_OR_FOLLOWER;
    }
}
