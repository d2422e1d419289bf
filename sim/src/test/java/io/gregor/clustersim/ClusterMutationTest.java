package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The data plane's bug switches that the cluster job finds under swarm faults: a sweep from seed 1 finds each within
 * its budget, and the seed that found it passes without the switch. (Sweeps of 200 seeds: repl-truncate-to-hw 64,
 * repl-hw-before-truncation 22, repl-offsets-before-leadership 35, repl-producer-state-lost 60; docs/mutations.md.)
 */
class ClusterMutationTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int BUDGET = 30;

    @TestFactory
    Stream<DynamicTest> eachSwitchIsFoundAndItsSeedPassesWithoutIt() {
        return Stream.of(Mutation.REPL_TRUNCATE_TO_HW, Mutation.REPL_HW_BEFORE_TRUNCATION,
                Mutation.REPL_OFFSETS_BEFORE_LEADERSHIP, Mutation.REPL_PRODUCER_STATE_LOST,
                Mutation.REPL_NO_LEADER_EPOCH_FENCING, Mutation.REPL_ACKS_ALL_WITHOUT_MIN_ISR)
                .map(m -> DynamicTest.dynamicTest(m.cliName(), () -> {
                    long found = -1;
                    for (long seed = 1; seed <= BUDGET && found < 0; seed++) {
                        if (!run(seed, Mutations.of(m)).passed()) {
                            found = seed;
                        }
                    }
                    assertThat(found).as("%s found within %d seeds", m.cliName(), BUDGET).isPositive();
                    ClusterJob.Outcome clean = run(found, Mutations.none());
                    assertThat(clean.passed()).as(clean.summary()).isTrue();
                }));
    }

    private static ClusterJob.Outcome run(long seed, Mutations mutations) {
        return ClusterJob.execute(seed, 3, 4, ClusterJob.swarmFor(seed), null, mutations, 20 * SECOND, false);
    }
}
