package io.gregor.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.sim.SwarmOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The foundation's main job: valid under the faults a single copy must survive, and deterministic. */
class DurabilityJobTest {

    /** Seeds swept in CI (the CLI's sweep runs thousands). */
    static final int SWEEP_SEEDS = 150;

    @Test
    void aRunWithoutFaultsIsValidAndReadsEverything() {
        JobResult r = DurabilityJob.run(JobOptions.defaults(1).withSwarm(SwarmOptions.none()));
        assertThat(r.verdict()).as(describe(r)).isEqualTo(Verdict.VALID);
        assertThat(r.history()).hasSizeGreaterThan(5_000);
        assertThat(r.faults()).isEqualTo(1); // the final heal-all only
        assertThat(r.invariants()).allMatch(InvariantResult::held);
        assertThat(r.historyCheck().anomalies()).isEmpty();
    }

    @Test
    void seedsUnderSwarmFaultsAreValid() {
        List<String> failures = new ArrayList<>();
        long crashes = 0;
        for (long seed = 1; seed <= SWEEP_SEEDS; seed++) {
            JobResult r = DurabilityJob.run(JobOptions.defaults(seed));
            if (r.verdict() != Verdict.VALID) {
                failures.add(describe(r));
            }
            crashes += r.history().stream().filter(op -> op.f().equals("crash")).count() / 2;
        }
        assertThat(failures).isEmpty();
        assertThat(crashes).as("the sweep must actually crash servers").isGreaterThan(SWEEP_SEEDS);
    }

    @TestFactory
    Stream<DynamicTest> regressionSeedsStayValid() throws IOException {
        List<JobOptions> runs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/regression-seeds.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    String[] words = t.split("\\s+");
                    JobOptions options = JobOptions.defaults(Long.parseLong(words[0]));
                    if (words.length > 2 && words[1].equals("--duration")) {
                        options = options.withWorkloadNs(Long.parseLong(words[2]) * JobOptions.SECOND_NS);
                    }
                    runs.add(options);
                }
            }
        }
        assertThat(runs).isNotEmpty();
        return runs.stream().map(options -> DynamicTest.dynamicTest("regression seed " + options.seed(), () -> {
            JobResult r = DurabilityJob.run(options);
            assertThat(r.verdict()).as(describe(r)).isEqualTo(Verdict.VALID);
        }));
    }

    @Test
    void theSameSeedReplaysBitForBitAndOtherSeedsDiffer() {
        List<String> hashes = new ArrayList<>();
        for (long seed : new long[] {1, 7, 10, 42}) {
            JobResult first = DurabilityJob.run(JobOptions.defaults(seed));
            JobResult second = DurabilityJob.run(JobOptions.defaults(seed));
            assertThat(second.traceHash()).as("seed %d", seed).isEqualTo(first.traceHash());
            assertThat(second.history()).isEqualTo(first.history());
            assertThat(second.swarmLine()).isEqualTo(first.swarmLine());
            hashes.add(first.traceHash());
        }
        assertThat(hashes).doesNotHaveDuplicates();
    }

    @Test
    void aSwarmLineReplaysTheSameRun() {
        JobResult drawn = DurabilityJob.run(JobOptions.defaults(10));
        JobResult replayed = DurabilityJob.run(JobOptions.defaults(10).withSwarm(SwarmOptions.parse(drawn.swarmLine())));
        assertThat(replayed.traceHash()).isEqualTo(drawn.traceHash());
    }

    /** Each bug switch of the log layer (the others have their own jobs) is found within a budget of seeds, and the same seeds pass without it. */
    @TestFactory
    Stream<DynamicTest> everyMutationIsFoundAndTheSameSeedsPassWithoutIt() {
        return Stream.of(Mutation.values()).filter(m -> m.layer() == Mutation.Layer.LOG)
                .map(m -> DynamicTest.dynamicTest(m.cliName(), () -> {
                    long found = -1;
                    for (long seed = 1; seed <= MUTATION_SEED_BUDGET && found < 0; seed++) {
                        JobResult r = DurabilityJob.run(JobOptions.defaults(seed).withMutations(Mutations.of(m)));
                        if (r.verdict() == Verdict.INVALID) {
                            found = seed;
                        }
                    }
                    assertThat(found).as("%s not found in %d seeds", m.cliName(), MUTATION_SEED_BUDGET).isPositive();
                    JobResult clean = DurabilityJob.run(JobOptions.defaults(found));
                    assertThat(clean.verdict()).as(describe(clean)).isEqualTo(Verdict.VALID);
                }));
    }

    /** The seed budget within which each mutation must be found (measured medians are in docs/mutations.md). */
    static final int MUTATION_SEED_BUDGET = 100;

    static String describe(JobResult r) {
        StringBuilder s = new StringBuilder("seed " + r.options().seed() + " " + r.verdict() + " swarm: "
                + r.swarmLine());
        for (InvariantResult i : r.invariants()) {
            if (!i.held()) {
                s.append("\n  ").append(i.name()).append(": ").append(i.violations());
            }
        }
        r.historyCheck().anomalies().forEach(a -> s.append("\n  ").append(a.type()).append(": ")
                .append(a.explanation()));
        return s.toString();
    }
}
