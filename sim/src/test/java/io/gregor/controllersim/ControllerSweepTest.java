package io.gregor.controllersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
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

/** Seed sweeps of the controller on the quorum under swarm faults, and reproducibility. */
class ControllerSweepTest {

    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void thirtySeedsPassUnderSwarmFaults() {
        List<String> failures = new ArrayList<>();
        long oks = 0;
        long fails = 0;
        for (long seed = 1; seed <= 30; seed++) {
            ControllerJob.Outcome o = ControllerJob.execute(seed, 3, 4, ControllerJob.swarmFor(seed), null,
                    Mutations.none(), 20 * SECOND_NS, 35 * SECOND_NS, false);
            if (!o.passed()) {
                failures.add(o.summary());
            }
            for (Op op : o.history()) {
                oks += op.type() == Op.Type.OK ? 1 : 0;
                fails += op.type() == Op.Type.FAIL && op.f().equals("cas") ? 1 : 0;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(oks).as("admin operations completed").isGreaterThan(1000);
        assertThat(fails).as("failed cas (observations) were recorded").isGreaterThan(0);
    }

    @Test
    void sameSeedSameTraceHash() {
        for (long seed = 3; seed < 6; seed++) {
            JobOptions options = JobOptions.defaults(seed).withWorkloadNs(10 * SECOND_NS);
            JobResult a = ControllerJob.run(options);
            JobResult b = ControllerJob.run(options);
            assertThat(a.traceHash()).as("seed %d", seed).isEqualTo(b.traceHash());
            assertThat(a.events()).isEqualTo(b.events());
            assertThat(a.history()).isEqualTo(b.history());
        }
    }

    @Test
    void theJobReportsInvariantsHistoryAndSchedule() {
        JobResult r = ControllerJob.run(JobOptions.defaults(11).withWorkloadNs(10 * SECOND_NS)
                .withKeepTraceLines(true));
        assertThat(r.invariants()).hasSize(2).allMatch(i -> i.held(), "held");
        assertThat(r.historyCheck().verdict()).isIn(Verdict.VALID, Verdict.UNKNOWN);
        assertThat(r.historyCheck().checker()).contains("cas-register:failed-cas-observes");
        assertThat(r.schedule().size()).isGreaterThan(0);
        assertThat(r.traceLines()).anyMatch(l -> l.contains("controller") && l.contains("active in epoch"));
        assertThat(r.simulatedNs()).isGreaterThanOrEqualTo(25 * SECOND_NS);
    }

    /** Seeds that once found a bug (controller-regression-seeds.txt) stay valid. */
    @TestFactory
    Stream<DynamicTest> regressionSeedsStayValid() throws IOException {
        List<Long> seeds = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/controller-regression-seeds.txt"),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    seeds.add(Long.parseLong(t.split("\\s+")[0]));
                }
            }
        }
        assertThat(seeds).isNotEmpty();
        return seeds.stream().map(seed -> DynamicTest.dynamicTest("controller seed " + seed,
                () -> {
                    JobResult r = ControllerJob.run(JobOptions.defaults(seed)
                            .withJob(JobKind.CONTROLLER));
                    assertThat(r.verdict()).as("seed %d: %s %s", seed,
                            r.invariants(), r.historyCheck().anomalies())
                            .isEqualTo(Verdict.VALID);
                }));
    }
}
