package io.gregor.controllersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.workload.Deployment;
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
    private static final int SNAPSHOT_INTERVAL = 5;

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

    /**
     * The combined deployment (every node a controller voter and a broker): a crash takes a voter and a broker down
     * at once, and the broker half registers with its own controller when that one is active. Every invariant,
     * liveness (all three brokers unfenced after the heal) and linearizability hold, with and without snapshots.
     */
    @Test
    void theCombinedDeploymentPassesASeedSweep() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 60; seed++) {
            ControllerJob.Outcome o = ControllerJob.execute(seed, Deployment.COMBINED, 3, 4,
                    ControllerJob.swarmFor(seed), null, Mutations.none(), 20 * SECOND_NS, 35 * SECOND_NS, false,
                    seed % 2 == 0 ? SNAPSHOT_INTERVAL : 0);
            assertThat(o.cluster().brokers()).isEqualTo(o.cluster().voters());
            if (!o.passed()) {
                failures.add(o.summary());
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * Brokers of the split deployment learn the metadata as observers of the log: at the end of a quiet run each
     * holds the active controller's image, replayed from its own replica.
     */
    @Test
    void splitBrokersReplayTheControllersImage() {
        ControllerJob.Outcome o = ControllerJob.execute(8, 3, 4, io.gregor.sim.SwarmOptions.none(), null,
                Mutations.none(), 10 * SECOND_NS, 20 * SECOND_NS, false);
        assertThat(o.passed()).as(o.summary()).isTrue();
        ControllerCluster c = o.cluster();
        var image = c.activeImage();
        assertThat(image.topics()).as("the admin client created topics").isNotEmpty();
        for (int id : c.brokers()) {
            SimBrokerNode broker = (SimBrokerNode) c.sim().node(id);
            assertThat(broker.raft().isObserver()).isTrue();
            assertThat(broker.metadataOffset()).isEqualTo(c.controller(c.activeController()).controller()
                    .committedOffset());
            assertThat(broker.image()).isEqualTo(image);
            assertThat(broker.fenced()).isFalse();
        }
    }

    /**
     * KIP-630 under swarm faults: with every voter snapshotting the metadata every {@value #SNAPSHOT_INTERVAL}
     * records and trimming its log, voters and brokers that fall behind or restart restore snapshots; every
     * invariant, liveness and the per-topic linearizability check still hold on 100 seeds.
     */
    @Test
    void hundredSeedsWithSnapshotsEveryFiveRecordsPass() {
        List<String> failures = new ArrayList<>();
        long oks = 0;
        int unknown = 0;
        int trimmed = 0;
        for (long seed = 1; seed <= 100; seed++) {
            ControllerJob.Outcome o = ControllerJob.execute(seed, 3, 4, ControllerJob.swarmFor(seed), null,
                    Mutations.none(), 20 * SECOND_NS, 35 * SECOND_NS, false, SNAPSHOT_INTERVAL);
            if (!o.passed()) {
                failures.add(o.summary());
            }
            unknown += o.check().verdict() == Verdict.UNKNOWN ? 1 : 0;
            oks += o.history().stream().filter(op -> op.type() == Op.Type.OK).count();
            int activeId = o.cluster().activeController();
            ControllerNode active = activeId < 0 ? null : o.cluster().controller(activeId);
            trimmed += active != null && active.raft().log().logStartOffset() > 0 ? 1 : 0;
        }
        assertThat(failures).isEmpty();
        assertThat(oks).as("admin operations completed").isGreaterThan(3000);
        assertThat(trimmed).as("runs whose active controller trimmed its log below a snapshot").isGreaterThan(80);
        assertThat(unknown).as("runs the linearizability checker could not decide").isLessThan(10);
    }

    /** The snapshot sweep is not vacuous: voters do restore snapshots, from disk and through FetchSnapshot. */
    @Test
    void theSnapshotSweepRestoresSnapshots() {
        int fetched = 0;
        int loaded = 0;
        for (long seed = 1; seed <= 10; seed++) {
            ControllerJob.Outcome o = ControllerJob.execute(seed, 3, 4, ControllerJob.swarmFor(seed), null,
                    Mutations.none(), 20 * SECOND_NS, 35 * SECOND_NS, true, SNAPSHOT_INTERVAL);
            assertThat(o.passed()).as(o.summary()).isTrue();
            List<String> lines = o.cluster().sim().traceLines();
            fetched += lines.stream().anyMatch(l -> l.contains("fetch snapshot")) ? 1 : 0;
            loaded += lines.stream().anyMatch(l -> l.contains("loaded snapshot ending at")) ? 1 : 0;
        }
        assertThat(fetched).as("runs with a FetchSnapshot out of 10").isPositive();
        assertThat(loaded).as("runs where a controller loaded a snapshot out of 10").isGreaterThan(2);
        // snapshots are deterministic too: the same seed gives the same trace
        JobOptions options = JobOptions.defaults(7).withJob(JobKind.CONTROLLER).withWorkloadNs(10 * SECOND_NS)
                .withSnapshotIntervalRecords(SNAPSHOT_INTERVAL);
        assertThat(ControllerJob.run(options).traceHash()).isEqualTo(ControllerJob.run(options).traceHash());
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
