package io.gregor.raft;

/**
 * No leader known in this epoch: after start-up, after seeing a higher epoch, or after granting a vote
 * ({@code votedId}). Waits for a leader (BeginQuorumEpoch, a fetch answer) or for its election timeout.
 */
public record UnattachedState(int epoch, int votedId) implements EpochState {

    @Override
    public int leaderId() {
        return NO_ID;
    }

    @Override
    public String name() {
        return "Unattached";
    }
}
