package io.gregor.raftsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each quorum bug switch is found by a seed sweep within its recorded budget, and the failing seed passes with the
 * switch off — so the failure is the bug's, not the harness's. Budgets are the number of seeds swept from seed 1;
 * the first failing seed recorded when the budget was set is in the comment.
 */
class RaftMutationTest {

    private static final Map<Mutation, Integer> BUDGET_SEEDS = Map.of(
            Mutation.RAFT_VOTE_BEFORE_DURABLE, 10,      // first found at seed 1
            Mutation.RAFT_VOTE_WITHOUT_LOG_CHECK, 30,   // seed 4
            Mutation.RAFT_TRUNCATE_BELOW_HW, 30,        // seed 5
            Mutation.RAFT_NO_CHECK_QUORUM, 30,          // seed 3
            Mutation.RAFT_RESIGNED_ACTS_AS_LEADER, 30,  // seed 3
            Mutation.RAFT_HW_ON_UNFLUSHED, 10,          // seed 1
            Mutation.RAFT_DIVERGE_BELOW_LOG_START, 100); // with snapshots every 3 records: seed 62

    private static final RaftSwarm.Spec SPEC = RaftSwarm.Spec.standard().withHistoryCheck(false);

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = {"RAFT_VOTE_BEFORE_DURABLE", "RAFT_VOTE_WITHOUT_LOG_CHECK",
            "RAFT_TRUNCATE_BELOW_HW", "RAFT_NO_CHECK_QUORUM", "RAFT_RESIGNED_ACTS_AS_LEADER", "RAFT_HW_ON_UNFLUSHED"})
    void theSweepFindsTheBugAndTheSameSeedPassesWithoutIt(Mutation mutation) {
        int budget = BUDGET_SEEDS.get(mutation);
        RaftSwarm.Result failure = RaftSwarm.firstFailure(1, 1 + budget, SPEC, Mutations.of(mutation));
        assertThat(failure).as("%s not found within %d seeds", mutation, budget).isNotNull();
        RaftSwarm.Result clean = RaftSwarm.run(failure.seed(), SPEC, Mutations.none());
        assertThat(clean.passed()).as("seed %d without %s: %s", failure.seed(), mutation, clean.summary()).isTrue();
    }

    /**
     * Without the simulator's white-box checks, the nodes' own always-on assertion (a divergence below the high
     * watermark) still stops a leader elected without the up-to-date check (budget: 60 seeds).
     */
    @Test
    void theNodesOwnAssertionsCatchAVoteWithoutTheLogCheck() {
        RaftSwarm.Result failure = RaftSwarm.firstFailure(1, 61, RaftSwarm.Spec.standard().blackBoxOnly(),
                Mutations.of(Mutation.RAFT_VOTE_WITHOUT_LOG_CHECK));
        assertThat(failure).isNotNull();
        assertThat(failure.violations()).anyMatch(v -> v.contains("below the high watermark"));
    }

    /**
     * Pre-vote (KIP-996) is a liveness rule, judged by a stability measure: a voter that cannot hear the leader
     * (one-way loss leader → it) but reaches everyone else. With pre-vote the others, still hearing the leader,
     * refuse it and the epoch never moves; without, it deposes the leader again and again.
     */
    @Test
    void withoutPreVoteACutOffVoterKeepsDeposingTheLeader() {
        assertThat(epochsAfterOneWayLoss(Mutations.none())).as("with pre-vote").isZero();
        assertThat(epochsAfterOneWayLoss(Mutations.of(Mutation.RAFT_NO_PRE_VOTE))).as("without pre-vote")
                .isGreaterThanOrEqualTo(3);
    }

    private static int epochsAfterOneWayLoss(Mutations mutations) {
        RaftCluster c = new RaftCluster(21, 5, io.gregor.sim.SwarmOptions.none(), mutations, false);
        c.runUntilLeader(10_000_000_000L);
        c.runFor(1_000_000_000L);
        int leader = c.leader();
        int epoch = c.maxEpoch();
        int cutOff = leader == 5 ? 4 : 5;
        c.sim().network().partition(java.util.List.of(leader), java.util.List.of(cutOff), false);
        c.runFor(30_000_000_000L);
        assertThat(c.invariants().violations()).isEmpty();
        return c.maxEpoch() - epoch;
    }

    /** Snapshots trim the log; a fetch whose epoch ends below the trimmed start must get the snapshot. */
    @Test
    void theSnapshotSweepFindsADivergenceGuessedBelowTheLogStart() {
        RaftSwarm.Spec spec = SPEC.withSnapshots(3);
        int budget = BUDGET_SEEDS.get(Mutation.RAFT_DIVERGE_BELOW_LOG_START);
        RaftSwarm.Result failure = RaftSwarm.firstFailure(1, 1 + budget, spec,
                Mutations.of(Mutation.RAFT_DIVERGE_BELOW_LOG_START));
        assertThat(failure).as("not found within %d seeds", budget).isNotNull();
        RaftSwarm.Result clean = RaftSwarm.run(failure.seed(), spec, Mutations.none());
        assertThat(clean.passed()).as("seed %d without the switch: %s", failure.seed(), clean.summary()).isTrue();
    }

    @Test
    void everyRaftSwitchHasABudgetOrAStabilityTest() {
        for (Mutation m : Mutation.values()) {
            if (m.name().startsWith("RAFT_") && m != Mutation.RAFT_NO_PRE_VOTE) {
                assertThat(BUDGET_SEEDS).containsKey(m);
            }
        }
    }
}
