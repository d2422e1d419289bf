package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTextTest {

    @Test
    void everyKindOfEventRoundTrips() {
        FaultSchedule schedule = FaultSchedule.of(
                new FaultEvent.Crash(1_000, 2),
                new FaultEvent.Restart(2_000, 2),
                new FaultEvent.Pause(3_000, 1, 300),
                new FaultEvent.Partition(4_000, List.of(1, 2), List.of(3, 100), false),
                new FaultEvent.Partition(4_500, List.of(100), List.of(1), true),
                new FaultEvent.Heal(5_000),
                new FaultEvent.Clog(6_000, 100, 1, 50),
                new FaultEvent.BreakConnection(7_000, 100, 2),
                new FaultEvent.ClockJump(8_000, 3, -5_000),
                new FaultEvent.SetDiskFaults(9_000, 2, new DiskFaultRates(0.001, 0, 0.0001, 0.01)),
                new FaultEvent.HealAll(10_000));
        assertThat(FaultScheduleText.parse(FaultScheduleText.format(schedule))).isEqualTo(schedule);
    }

    @Test
    void aNemesisScheduleRoundTrips() {
        SwarmOptions options = SwarmOptions.parse("--crash-rate=1 --pause-rate=2 --partition-rate=1 --clog-rate=2"
                + " --break-rate=2 --clock-jump-rate=0.5");
        FaultSchedule schedule = Nemesis.schedule(options, new SimEntropy(9), List.of(1, 2, 3), 0, 20_000_000_000L);
        assertThat(schedule.size()).isGreaterThan(20);
        assertThat(FaultScheduleText.parse(FaultScheduleText.format(schedule))).isEqualTo(schedule);
    }

    @Test
    void commentsAndBlankLinesAreIgnoredAndBadLinesAreNamed() {
        assertThat(FaultScheduleText.parse("# a comment\n\n  5 crash 1  # why\n").events())
                .containsExactly(new FaultEvent.Crash(5, 1));
        assertThatThrownBy(() -> FaultScheduleText.parse("5 crash 1\n6 explode 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: unknown fault 'explode'");
        assertThatThrownBy(() -> FaultScheduleText.parse("5 crash\n"))
                .hasMessageStartingWith("line 1: crash takes 1 arguments, not 0");
        assertThatThrownBy(() -> FaultScheduleText.parse("x crash 1\n")).hasMessageStartingWith("line 1: ");
        assertThatThrownBy(() -> FaultScheduleText.parse("5 partition 1 2 sideways\n"))
                .hasMessageContaining("one-way or both-ways");
    }
}
