package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Anomaly;
import io.gregor.workload.Durability;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Kafka's documentation says can happen does happen, and the checks see it: with acks=1, or with unclean
 * leader election and no fsync, acknowledged or committed writes are lost under the same faults the safe setting
 * survives — the Kafka checker reports lost writes, or the per-event check sees a committed batch replaced first.
 */
class ClusterDurabilityTest {

    private static final int SEEDS = 60;

    @Test
    void acksOneLosesAcknowledgedWrites() {
        assertLostWrites(new Durability((short) 1, false, true));
    }

    @Test
    void uncleanElectionWithoutFsyncLosesAcknowledgedWrites() {
        assertLostWrites(new Durability((short) -1, true, false));
    }

    /**
     * Seed 5 without flushes, the page cache written back every second, once lost committed records: its active
     * controller crashed, the brokers kept heartbeating it, and the new one fenced every broker three seconds after
     * taking over. An unanswered heartbeat now goes to the next controller.
     */
    @Test
    void seedFiveSurvivesAControllerFailoverWithoutFlushes() {
        ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(5)
                .withDurability(new Durability((short) -1, false, false, 1_000)));
        assertThat(o.passed()).as(o.summary()).isTrue();
    }

    private static void assertLostWrites(Durability durability) {
        List<String> found = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            ClusterJob.Outcome o = ClusterJob.execute(ClusterJob.options(seed).withDurability(durability));
            for (Anomaly a : o.check().anomalies()) {
                found.add("seed " + seed + " anomaly " + a.type());
            }
            for (String v : o.safety()) {
                found.add("seed " + seed + " invariant " + v); // committed data replaced: the same loss, seen first
            }
        }
        assertThat(found).as(durability + " over seeds 1..%d", SEEDS)
                .anyMatch(s -> s.contains("lost") || s.contains("committed batch"));
    }
}
