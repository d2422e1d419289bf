package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault schedules are data: sorted, editable, shrinkable. */
class FaultScheduleTest {

    @Test
    void eventsAreSortedByTimeKeepingTheOrderOfTies() {
        FaultSchedule s = FaultSchedule.of(new FaultEvent.Heal(30), new FaultEvent.Crash(10, 1),
                new FaultEvent.Restart(10, 1), new FaultEvent.Crash(5, 2));
        assertThat(s.events()).containsExactly(new FaultEvent.Crash(5, 2), new FaultEvent.Crash(10, 1),
                new FaultEvent.Restart(10, 1), new FaultEvent.Heal(30));
        assertThat(s.withoutEvent(1).events()).containsExactly(new FaultEvent.Crash(5, 2),
                new FaultEvent.Restart(10, 1), new FaultEvent.Heal(30));
    }

    @Test
    void aFailingScheduleShrinksToTheEventsTheFailureNeeds() {
        // The "bug": node 2 misbehaves when it is crashed while a one-way partition is in force.
        FaultSchedule big = Nemesis.schedule(GossipRun.allFaults(), new SimEntropy(3), List.of(1, 2, 3, 4, 5), 0,
                30_000_000_000L).with(new FaultEvent.Partition(1, List.of(1), List.of(2), true))
                .with(new FaultEvent.Crash(2, 2));
        int[] runs = {0};
        FaultSchedule small = big.shrink(schedule -> {
            runs[0]++;
            return failsInSimulation(schedule);
        });
        assertThat(failsInSimulation(big)).isTrue();
        assertThat(big.size()).isGreaterThan(100);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.events()).allMatch(e -> e instanceof FaultEvent.Partition p && p.oneWay()
                || e instanceof FaultEvent.Crash c && c.nodeId() == 2);
        assertThat(runs[0]).isLessThan(2_000);
    }

    /** Runs the schedule on a quiet cluster; "fails" if node 2 is ever crashed while some link is blocked. */
    private static boolean failsInSimulation(FaultSchedule schedule) {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        for (int id = 1; id <= 5; id++) {
            sim.envFor(id);
        }
        boolean[] failed = {false};
        for (FaultEvent e : schedule.events()) {
            if (e instanceof FaultEvent.Crash c && c.nodeId() == 2) {
                sim.schedule(e.atNs(), () -> {
                    boolean blocked = false;
                    for (int a = 1; a <= 5; a++) {
                        for (int b = 1; b <= 5; b++) {
                            blocked |= sim.network().isBlocked(a, b) && !sim.network().isBlocked(b, a);
                        }
                    }
                    failed[0] |= blocked && sim.isUp(2);
                });
            }
        }
        sim.apply(schedule);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        return failed[0];
    }
}
