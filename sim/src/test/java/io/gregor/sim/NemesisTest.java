package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The nemesis: schedules from options, every fault ended, everything healed by the heal time. */
class NemesisTest {

    private static final List<Integer> NODES = List.of(1, 2, 3, 4, 5);
    private static final long HEAL_NS = 20_000_000_000L;

    @Test
    void aScheduleEndsWithHealAllAndEveryCrashIsFollowedByARestartByTheHealTime() {
        for (long seed = 1; seed <= 50; seed++) {
            FaultSchedule schedule = Nemesis.schedule(GossipRun.allFaults(), new SimEntropy(seed), NODES, 0, HEAL_NS);
            List<FaultEvent> events = schedule.events();
            assertThat(events.get(events.size() - 1)).isEqualTo(new FaultEvent.HealAll(HEAL_NS));
            assertThat(events).allMatch(e -> e.atNs() >= 0 && e.atNs() <= HEAL_NS);
            Map<Integer, Boolean> down = new HashMap<>();
            int maxDown = 0;
            boolean partitioned = false;
            for (FaultEvent e : events) {
                if (e instanceof FaultEvent.Crash c) {
                    assertThat(down.getOrDefault(c.nodeId(), false)).as("crash of a down node").isFalse();
                    down.put(c.nodeId(), true);
                } else if (e instanceof FaultEvent.Restart r) {
                    down.put(r.nodeId(), false);
                } else if (e instanceof FaultEvent.Partition) {
                    assertThat(partitioned).as("one partition at a time").isFalse();
                    partitioned = true;
                } else if (e instanceof FaultEvent.Heal) {
                    partitioned = false;
                } else if (e instanceof FaultEvent.Pause p) {
                    assertThat(p.atNs() + p.durationNs()).isLessThanOrEqualTo(HEAL_NS);
                } else if (e instanceof FaultEvent.Clog c) {
                    assertThat(c.atNs() + c.durationNs()).isLessThanOrEqualTo(HEAL_NS);
                    assertThat(c.fromNodeId()).isNotEqualTo(c.toNodeId());
                }
                maxDown = Math.max(maxDown, (int) down.values().stream().filter(b -> b).count());
            }
            assertThat(down.values()).as("every crashed node restarted").noneMatch(b -> b);
            assertThat(partitioned).as("the last partition healed").isFalse();
            assertThat(maxDown).as("at most a minority down at once").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void theSameEntropyGivesTheSameSchedule() {
        FaultSchedule a = Nemesis.schedule(GossipRun.allFaults(), new SimEntropy(9), NODES, 0, HEAL_NS);
        FaultSchedule b = Nemesis.schedule(GossipRun.allFaults(), new SimEntropy(9), NODES, 0, HEAL_NS);
        assertThat(a).isEqualTo(b);
        assertThat(a.size()).isGreaterThan(50);
    }

    @Test
    void turningOneFaultKindOffDoesNotMoveTheOthers() {
        SwarmOptions all = GossipRun.allFaults();
        SwarmOptions noPartitions = SwarmOptions.parse(all.toOptionLine() + " --no-partitions");
        List<FaultEvent> withAll = crashes(Nemesis.schedule(all, new SimEntropy(4), NODES, 0, HEAL_NS));
        List<FaultEvent> without = crashes(Nemesis.schedule(noPartitions, new SimEntropy(4), NODES, 0, HEAL_NS));
        assertThat(without).isNotEmpty().isEqualTo(withAll);
    }

    private static List<FaultEvent> crashes(FaultSchedule schedule) {
        return schedule.events().stream().filter(e -> e instanceof FaultEvent.Crash).collect(Collectors.toList());
    }

    @Test
    void noOptionsMeansOnlyTheFinalHeal() {
        FaultSchedule schedule = Nemesis.schedule(SwarmOptions.none(), new SimEntropy(1), NODES, 0, HEAL_NS);
        assertThat(schedule.events()).containsExactly(new FaultEvent.HealAll(HEAL_NS));
    }
}
