package io.gregor.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.common.InvariantViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumStateTest {

    private final TestEnv t = new TestEnv();
    private final List<Integer> voters = List.of(1, 2, 3);

    private QuorumState state(EpochState initial) {
        return new QuorumState(1, voters, QuorumStateStore.open(t.disk), t.env(1).trace(), initial);
    }

    @Test
    void aNormalElectionPathIsAllowedAndTracedAndPersisted() {
        QuorumState q = state(new UnattachedState(0, -1));
        q.transitionTo(new ProspectiveState(0, -1, -1, 1), 0, "timeout");
        q.transitionTo(new CandidateState(1, 1), 0, "won pre-vote");
        q.transitionTo(new LeaderState(1, 1, 0, voters, 0), 0, "won");
        q.transitionTo(new ResignedState(1, 1, List.of(2, 3)), 0, "bye");
        q.transitionTo(new FollowerState(2, 2, -1), 0, "new leader");
        t.completeFsyncs();
        assertThat(t.traceLines).anyMatch(l -> l.contains("Candidate -> Leader epoch 1"));
        assertThat(q.store().durable()).isEqualTo(new ElectionState(2, 2, -1));
    }

    @Test
    void theTableRefusesSkippingTheElection() {
        QuorumState q = state(new UnattachedState(0, -1));
        assertThatThrownBy(() -> q.transitionTo(new LeaderState(1, 1, 0, voters, 0), 0, "cheat"))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("illegal transition Unattached -> Leader");
    }

    @Test
    void epochsNeverGoBack() {
        QuorumState q = state(new FollowerState(5, 2, -1));
        assertThatThrownBy(() -> q.transitionTo(new UnattachedState(4, -1), 0, "old"))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("epoch goes back");
    }

    @Test
    void aFollowerNeedsAHigherEpochToFollowSomeoneElse() {
        QuorumState q = state(new FollowerState(5, 2, -1));
        assertThatThrownBy(() -> q.transitionTo(new FollowerState(5, 3, -1), 0, "two leaders"))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("needs a higher epoch");
    }

    @Test
    void aVoteNeverChangesWithinAnEpoch() {
        QuorumState q = state(new UnattachedState(3, 2));
        assertThatThrownBy(() -> q.transitionTo(new UnattachedState(3, 3), 0, "second vote"))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("vote changes within epoch 3");
    }

    @Test
    void aCandidateStandsInExactlyTheNextEpoch() {
        QuorumState q = state(new ProspectiveState(3, -1, -1, 1));
        assertThatThrownBy(() -> q.transitionTo(new CandidateState(5, 1), 0, "skip"))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("is not one more than");
    }

    @Test
    void everyRoleIsARowOfTheTable() {
        List<EpochState> roles = List.of(new UnattachedState(1, -1), new FollowerState(1, 2, -1),
                new ProspectiveState(0, -1, -1, 1), new CandidateState(1, 1), new LeaderState(1, 1, 0, voters, 0),
                new ResignedState(1, 1, List.of()));
        assertThat(roles).<Object>extracting(r -> r.getClass()).containsExactlyInAnyOrder((Object[])
                EpochState.class.getPermittedSubclasses());
        for (EpochState from : roles) {
            // from each role, a higher epoch's Unattached is always reachable: the row exists and allows it
            QuorumState q = new QuorumState(1, voters, QuorumStateStore.open(new TestEnv().disk), t.env(1).trace(),
                    from);
            q.transitionTo(new UnattachedState(9, -1), 0, "higher epoch seen");
            assertThat(q.epoch()).isEqualTo(9);
        }
    }
}
