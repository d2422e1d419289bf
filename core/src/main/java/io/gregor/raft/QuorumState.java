package io.gregor.raft;

import io.gregor.common.Invariant;
import io.gregor.env.Trace;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owns a voter's {@link EpochState}: every role change goes through {@link #transitionTo}, which checks it
 * against this table, traces it, and persists the {@link ElectionState} when it changed.
 *
 * <pre>
 * from \ to     Unattached  Follower  Prospective  Candidate  Leader  Resigned
 * Unattached    yes (a)     yes       yes          -          -       -
 * Follower      yes (c)     yes (c)   yes          -          -       -
 * Prospective   yes         yes       yes          yes        -       -
 * Candidate     yes (c)     yes       yes          -          yes     -
 * Leader        yes (c)     yes (c)   -            -          -       yes
 * Resigned      yes (c)     yes (c)   yes          -          -       -
 * </pre>
 * (a) a higher epoch, or the same epoch to record a vote; (c) only to a higher epoch. Epochs never go back; a {@code Candidate} stands in exactly one more than the epoch it
 * left; within one epoch the vote never changes once cast.
 */
public final class QuorumState {

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "Unattached", Set.of("Unattached", "Follower", "Prospective"),
            "Follower", Set.of("Unattached", "Follower", "Prospective"),
            "Prospective", Set.of("Unattached", "Follower", "Prospective", "Candidate"),
            "Candidate", Set.of("Unattached", "Follower", "Prospective", "Leader"),
            "Leader", Set.of("Unattached", "Follower", "Resigned"),
            "Resigned", Set.of("Unattached", "Follower", "Prospective"));
    private static final Set<String> HIGHER_EPOCH_ONLY_FROM = Set.of("Follower", "Leader", "Resigned");

    private final int selfId;
    private final List<Integer> voters;
    private final QuorumStateStore store;
    private final Trace trace;
    private EpochState state;

    public QuorumState(int selfId, List<Integer> voters, QuorumStateStore store, Trace trace, EpochState initial) {
        this.selfId = selfId;
        this.voters = List.copyOf(voters);
        this.store = store;
        this.trace = trace;
        this.state = initial;
        trace.event("raft", "start as " + describe(initial));
    }

    public EpochState state() {
        return state;
    }

    public int epoch() {
        return state.epoch();
    }

    public int leaderId() {
        return state.leaderId();
    }

    public List<Integer> voters() {
        return voters;
    }

    public QuorumStateStore store() {
        return store;
    }

    public boolean isLeader() {
        return state instanceof LeaderState;
    }

    /** {@link #transitionTo(EpochState, long, String, Runnable)} without waiting for durability. */
    public void transitionTo(EpochState next, long nowNs, String reason) {
        transitionTo(next, nowNs, reason, null);
    }

    /**
     * Changes role. {@code onDurable} (may be null) runs once the new election state is on stable storage — at once
     * if it did not change.
     *
     * @throws io.gregor.common.InvariantViolation if the table forbids the change
     */
    public void transitionTo(EpochState next, long nowNs, String reason, Runnable onDurable) {
        String from = state.name();
        String to = next.name();
        Invariant.check(ALLOWED.get(from).contains(to), "n%d: illegal transition %s -> %s (%s)", selfId, from, to,
                reason);
        Invariant.check(next.epoch() >= state.epoch(), "n%d: epoch goes back %d -> %d (%s)", selfId, state.epoch(),
                next.epoch(), reason);
        boolean sameEpoch = next.epoch() == state.epoch();
        Invariant.check(!(sameEpoch && HIGHER_EPOCH_ONLY_FROM.contains(from) && !(to.equals("Prospective")
                || to.equals("Resigned"))), "n%d: %s -> %s needs a higher epoch than %d (%s)", selfId, from, to,
                state.epoch(), reason);
        Invariant.check(!to.equals("Candidate") || next.epoch() == state.epoch() + 1,
                "n%d: candidate epoch %d is not one more than %d", selfId, next.epoch(), state.epoch());
        Invariant.check(!sameEpoch || state.votedId() == EpochState.NO_ID || next.votedId() == state.votedId(),
                "n%d: vote changes within epoch %d: %d -> %d (%s)", selfId, next.epoch(), state.votedId(),
                next.votedId(), reason);
        ElectionState before = ElectionState.of(state);
        state = next;
        trace.event("raft", from + " -> " + describe(next) + ": " + reason);
        ElectionState after = ElectionState.of(next);
        if (!after.equals(before) || (onDurable != null && store.busy())) {
            // an unchanged state still waits behind a write in flight: it is not durable before that one
            store.write(after, onDurable);
        } else if (onDurable != null) {
            onDurable.run();
        }
    }

    /** Runs {@code action} once the current election state is durable (at once if no write is in flight). */
    public void whenDurable(Runnable action) {
        if (store.busy()) {
            store.write(ElectionState.of(state), action);
        } else {
            action.run();
        }
    }

    private static String describe(EpochState s) {
        return s.name() + " epoch " + s.epoch() + " leader " + s.leaderId() + " voted " + s.votedId();
    }
}
