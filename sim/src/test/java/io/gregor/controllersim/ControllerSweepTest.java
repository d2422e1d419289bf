package io.gregor.controllersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
