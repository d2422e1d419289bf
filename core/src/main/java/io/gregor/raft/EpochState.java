package io.gregor.raft;

/**
 * A voter's role in one epoch, one type per role as in Kafka's raft module. Each role knows its epoch, the leader
 * it knows of (or {@link #NO_ID}) and the candidate it voted for in this epoch (or {@link #NO_ID}); those three
 * values are what {@link QuorumStateStore} persists. Changes go through {@link QuorumState#transitionTo}.
 */
public sealed interface EpochState permits UnattachedState, FollowerState, ProspectiveState, CandidateState,
        LeaderState, ResignedState {

    /** "Nobody": no leader known, no vote cast. */
    int NO_ID = -1;

    int epoch();

    int leaderId();

    int votedId();

    /** The role's name in the trace and the transition table. */
    String name();
}
