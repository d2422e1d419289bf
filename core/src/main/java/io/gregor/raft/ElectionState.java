package io.gregor.raft;

/**
 * What a voter must not forget across a crash (KIP-595's quorum-state file): the latest epoch it knows, the leader
 * of that epoch if known, and whom it voted for in it. Losing the vote would let it vote twice in one epoch.
 */
public record ElectionState(int epoch, int leaderId, int votedId) {

    public static final ElectionState INITIAL = new ElectionState(0, EpochState.NO_ID, EpochState.NO_ID);

    public ElectionState {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    public static ElectionState of(EpochState state) {
        return new ElectionState(state.epoch(), state.leaderId(), state.votedId());
    }
}
