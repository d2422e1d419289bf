package io.gregor.raftsim;

import io.gregor.raft.RaftNode;

/**
 * A simulated node that runs a {@link RaftNode} (a key-value voter, a controller, a broker observing the metadata
 * log): what {@link RaftInvariants} needs to look inside it.
 */
public interface RaftHost {

    /** The node's quorum replica (its state is null until the node started). */
    RaftNode raft();
}
