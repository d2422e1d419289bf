package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Same seed and options ⇒ same trace hash; different seeds ⇒ different hashes. Under every fault. */
class DeterminismTest {

    @Test
    void everySeedRunTwiceUnderAllFaultsGivesTheSameHash() {
        Set<String> hashes = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            Simulation first = GossipRun.run(seed, GossipRun.allFaults(), false);
            Simulation second = GossipRun.run(seed, GossipRun.allFaults(), false);
            assertThat(second.traceHash()).as("seed %d", seed).isEqualTo(first.traceHash());
            assertThat(second.eventsProcessed()).isEqualTo(first.eventsProcessed());
            assertThat(first.traceHash()).matches("[0-9a-f]{16}");
            hashes.add(first.traceHash());
        }
        assertThat(hashes).as("different seeds, different hashes").hasSize(5);
    }

    @Test
    void keepingTraceLinesDoesNotChangeTheRun() {
        Simulation quiet = GossipRun.run(7, GossipRun.allFaults(), false);
        Simulation verbose = GossipRun.run(7, GossipRun.allFaults(), true);
        assertThat(verbose.traceHash()).isEqualTo(quiet.traceHash());
        assertThat(verbose.traceLines()).allMatch(l -> l.matches("\\d+ n(\\d+|-) [a-z]+ .*"));
    }

    @Test
    void theAllFaultsRunReallyExercisesEveryFault() {
        List<String> lines = GossipRun.run(3, GossipRun.allFaults(), true).traceLines();
        for (String expected : List.of(" fault Crash[", " fault Restart[", " fault Pause[", " fault Partition[",
                " fault Heal[", " fault Clog[", " fault BreakConnection[", " fault ClockJump[", " fault HealAll[",
                " net drop to ", "(lost)", "(partitioned)", "(connection-broken)", " net duplicate ", " conn down ",
                " conn up ", " disk fsync-error ", " disk crash ", " gossip persisted ", " timer fire")) {
            assertThat(lines).as("a line containing '%s'", expected).anyMatch(l -> l.contains(expected));
        }
    }

    @Test
    void swarmRunsAreDeterministicToo() {
        for (long seed = 100; seed < 106; seed++) {
            SwarmOptions options = SwarmOptions.draw(new SimEntropy(seed).fork("swarm"));
            SwarmOptions replayed = SwarmOptions.parse(options.toOptionLine());
            Simulation first = GossipRun.run(seed, options, false);
            Simulation second = GossipRun.run(seed, replayed, false);
            assertThat(second.traceHash()).as("seed %d %s", seed, options.toOptionLine())
                    .isEqualTo(first.traceHash());
        }
    }

    @Test
    void afterTheHealTimeEveryNodeIsUpAndNothingIsPartitioned() {
        Simulation sim = GossipRun.run(11, GossipRun.allFaults(), false);
        for (int id : GossipRun.NODES) {
            assertThat(sim.isUp(id)).as("n%d up", id).isTrue();
            for (int peer : GossipRun.NODES) {
                assertThat(sim.network().isBlocked(id, peer)).isFalse();
            }
            assertThat(sim.disk(id).faults()).isEqualTo(DiskFaultRates.NONE);
        }
        assertThat(sim.incarnation(1) + sim.incarnation(2) + sim.incarnation(3) + sim.incarnation(4)
                + sim.incarnation(5)).as("some node restarted").isGreaterThan(5);
    }
}
