package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Op;
import io.gregor.workload.Deployment;
import io.gregor.workload.TargetedKind;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main job: Jepsen's Kafka workload on a 3-node combined cluster, quiet and under swarm faults. */
class ClusterJobTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aQuietRunAcknowledgesReadsAndChecksClean() {
        ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(1).withSwarm(SwarmOptions.none())
                .withWorkloadNs(10 * SECOND));
        assertThat(o.passed()).as(o.summary()).isTrue();
        assertThat(o.sendsOk()).as("acknowledged sends").isGreaterThan(100);
        long polls = o.history().stream().filter(op -> op.type() == Op.Type.OK && op.f().equals("poll")).count();
        assertThat(polls).isGreaterThan(100);
    }

    /** Seeds that once found a bug (cluster-regression-seeds.txt) stay valid. */
    @Test
    void regressionSeedsStayValid() throws java.io.IOException {
        List<String> failures = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                getClass().getResourceAsStream("/cluster-regression-seeds.txt"),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            int seeds = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.trim().split("\\s+");
                long seed = Long.parseLong(words[0]);
                seeds++;
                // options after the seed, as the replay command gives them: the run the seed was found in
                Deployment deployment = Deployment.COMBINED;
                TargetedKind nemesis = TargetedKind.MIX;
                long durationNs = 20 * SECOND;
                for (int i = 1; i + 1 < words.length && words[i].startsWith("--"); i += 2) {
                    switch (words[i]) {
                        case "--deployment" -> deployment = Deployment.byCliName(words[i + 1]);
                        case "--nemesis" -> nemesis = TargetedKind.byCliName(words[i + 1]);
                        case "--duration" -> durationNs = (long) (Double.parseDouble(words[i + 1]) * SECOND);
                        default -> throw new IllegalArgumentException("unknown option in " + line);
                    }
                }
                List<ClusterJob.Outcome> runs = new ArrayList<>();
                if (words.length > 1 && words[1].startsWith("--")) {
                    runs.add(ClusterJob.execute(ClusterJob.options(seed).withWorkloadNs(durationNs)
                            .withDeployment(deployment).withNemesis(nemesis)));
                } else {
                    // found before the targeted nemesis existed: replayed as the job ran then, and as it runs now
                    runs.add(ClusterJob.execute(ClusterJob.options(seed).withNemesis(TargetedKind.NONE)));
                    runs.add(ClusterJob.execute(ClusterJob.options(seed)));
                }
                for (ClusterJob.Outcome o : runs) {
                    if (!o.passed()) {
                        failures.add(o.summary());
                    }
                }
            }
            assertThat(seeds).isPositive();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void sameSeedSameTraceHash() {
        for (long seed = 3; seed <= 4; seed++) {
            String a = ClusterJob.execute(ClusterJob.options(seed).withWorkloadNs(10 * SECOND)).cluster().sim()
                    .traceHash();
            String b = ClusterJob.execute(ClusterJob.options(seed).withWorkloadNs(10 * SECOND)).cluster().sim()
                    .traceHash();
            assertThat(a).as("seed %d", seed).isEqualTo(b);
        }
    }

    /** A scripted nemesis waits on the cluster's state at every step: the same seed still makes the same run. */
    @Test
    void aScriptedNemesisRunIsDeterministic() {
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(3).withWorkloadNs(40 * SECOND)
                    .withDeployment(Deployment.SPLIT).withNemesis(TargetedKind.INTERLEAVE_EPOCHS));
            assertThat(o.history()).as("the script struck").anyMatch(op -> op.f().equals("interleave-epochs"));
            hashes[i] = o.cluster().sim().traceHash();
        }
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }

    @Test
    void seedsPassUnderSwarmFaults() {
        List<String> failures = new ArrayList<>();
        long ok = 0;
        for (long seed = 1; seed <= 100; seed++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(seed));
            if (!o.passed()) {
                failures.add(o.summary());
            }
            ok += o.sendsOk();
        }
        assertThat(failures).isEmpty();
        assertThat(ok).isGreaterThan(1000);
    }

    /** The split deployment: three dedicated controllers, three brokers observing the metadata log. */
    @Test
    void splitDeploymentSeedsPassUnderSwarmFaults() {
        List<String> failures = new ArrayList<>();
        long ok = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(seed).withDeployment(Deployment.SPLIT));
            assertThat(o.cluster().brokers()).containsExactly(4, 5, 6);
            if (!o.passed()) {
                failures.add(o.summary());
            }
            ok += o.sendsOk();
        }
        assertThat(failures).isEmpty();
        assertThat(ok).isGreaterThan(400);
    }
}
