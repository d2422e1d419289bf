package io.gregor.raft;

import java.util.List;

/**
 * A leader that stopped leading its epoch: gracefully ({@link RaftNode#resign()}), because check-quorum failed, or
 * because it restarted and found itself recorded as leader. It appends nothing and advances no high watermark; it
 * tells the voters (EndQuorumEpoch) and waits for a new leader or its election timeout.
 */
public record ResignedState(int epoch, int selfId, List<Integer> preferredSuccessors) implements EpochState {

    public ResignedState {
        preferredSuccessors = List.copyOf(preferredSuccessors);
    }

    @Override
    public int leaderId() {
        return selfId;
    }

    @Override
    public int votedId() {
        return selfId;
    }

    @Override
    public String name() {
        return "Resigned";
    }
}
