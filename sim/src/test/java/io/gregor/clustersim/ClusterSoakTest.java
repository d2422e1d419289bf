package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.workload.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long profile of the main job's sweep: thousands of seeds, off by default (CI runs the 100 of {@link
 * ClusterJobTest}) — seeds 1 to N of the combined deployment and a third as many of the split one. Run it with
 * {@code mvn -pl testkit,core,histories,sim test -Dtest=ClusterSoakTest -Dgregor.soakSeeds=5000}
 * (or, from the tool, {@code ./gregor sweep --seeds 5000} and {@code ./gregor sweep --seeds 1666 --deployment split}).
 */
class ClusterSoakTest {

    @Test
    @EnabledIfSystemProperty(named = "gregor.soakSeeds", matches = "\\d+")
    void thousandsOfSeedsPass() {
        long seeds = Long.parseLong(System.getProperty("gregor.soakSeeds"));
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(seed));
            if (!o.passed()) {
                failures.add(o.summary());
            }
        }
        for (long seed = 1; seed <= seeds / 3; seed++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(seed).withDeployment(Deployment.SPLIT));
            if (!o.passed()) {
                failures.add("split " + o.summary());
            }
        }
        assertThat(failures).as("failing seeds of 1..%d (and 1..%d split)", seeds, seeds / 3).isEmpty();
    }
}
