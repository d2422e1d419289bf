package io.gregor.raft;

/**
 * Following a known leader: fetching from it. {@code votedId} keeps the vote cast earlier in the same epoch, so a
 * follower never votes twice in one epoch. Becomes {@link ProspectiveState} when no fetch succeeds within the
 * fetch timeout.
 */
public record FollowerState(int epoch, int leaderId, int votedId) implements EpochState {

    @Override
    public String name() {
        return "Follower";
    }
}
