package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Swarm options: drawn per seed, printed as a replayable line, parsed back exactly. */
class SwarmOptionsTest {

    @Test
    void everyDrawnOptionLineParsesBackToTheSameOptions() {
        int withCrashes = 0;
        for (long seed = 0; seed < 300; seed++) {
            SwarmOptions options = SwarmOptions.draw(new SimEntropy(seed));
            String line = options.toOptionLine();
            assertThat(SwarmOptions.parse(line)).as(line).isEqualTo(options);
            assertThat(SwarmOptions.parse(line).toOptionLine()).isEqualTo(line);
            withCrashes += options.crashesPerSecond() > 0 ? 1 : 0;
        }
        assertThat(withCrashes).as("a random subset: some runs crash, some do not").isBetween(100, 200);
    }

    @Test
    void theLineReadsLikeACommandLine() {
        SwarmOptions options = SwarmOptions.parse("--latency=1ms..20ms --loss=0.02 --crash-rate=0.5");
        assertThat(options.toOptionLine()).startsWith("--latency=1ms..20ms --loss=0.02 --no-dup --reorder "
                + "--crash-rate=0.5 --no-pauses --no-partitions")
                .contains("--clock-drift=0ppm", "--unsynced=torn", "--no-fsync-errors");
        assertThat(SwarmOptions.parse("")).isEqualTo(SwarmOptions.none());
    }

    @Test
    void optionsConfigureTheMachine() {
        SimConfig config = SwarmOptions.parse("--latency=2ms --dup=0.1 --fifo --clock-skew=2s --clock-drift=50ppm "
                + "--unsynced=lose --fsync-errors=0.25").applyTo(SimConfig.defaults());
        assertThat(config.network().latency()).isEqualTo(LatencyModel.fixed(2_000_000L));
        assertThat(config.network().duplicateRate()).isEqualTo(0.1);
        assertThat(config.network().fifoLinks()).isTrue();
        assertThat(config.clock().maxSkewMs()).isEqualTo(2_000);
        assertThat(config.clock().maxDriftPpm()).isEqualTo(50);
        assertThat(config.disk().crashMode()).isEqualTo(DiskConfig.CrashMode.LOSE_UNSYNCED);
        assertThat(config.disk().faults().fsyncErrorRate()).isEqualTo(0.25);
    }

    @Test
    void badOptionsGiveOneLineErrorsNamingTheOption() {
        assertThatThrownBy(() -> SwarmOptions.parse("--frobnicate=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad sim option '--frobnicate=3': unknown option; known: --latency");
        assertThatThrownBy(() -> SwarmOptions.parse("--loss=lots")).hasMessage(
                "bad sim option '--loss=lots': expected a number");
        assertThatThrownBy(() -> SwarmOptions.parse("--loss=1.5")).hasMessageContaining("must be in [0, 1]");
        assertThatThrownBy(() -> SwarmOptions.parse("--latency=5")).hasMessageContaining("bad duration '5'");
        assertThatThrownBy(() -> SwarmOptions.parse("--latency=9ms..1ms")).hasMessageContaining("max is below");
        assertThatThrownBy(() -> SwarmOptions.parse("--no-crashes=1")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> SwarmOptions.parse("crashes")).hasMessageContaining("options start with --");
        assertThatThrownBy(() -> SwarmOptions.parse("--unsynced=maybe")).hasMessageContaining("lose, prefix or torn");
        assertThatThrownBy(() -> SwarmOptions.parse("--clock-skew=1500us")).hasMessageContaining("whole milli");
        assertThatThrownBy(() -> SwarmOptions.parse("--crash-rate")).hasMessageContaining("needs a value");
    }

    @Test
    void durationsRoundTripInTheirLargestExactUnit() {
        for (long ns : new long[] {0, 1, 999, 1_000, 1_500, 1_000_000, 20_000_000, 1_000_000_000, 1_500_000_000}) {
            assertThat(Durations.parse(Durations.format(ns))).isEqualTo(ns);
        }
        assertThat(Durations.format(1_500_000_000L)).isEqualTo("1500ms");
        assertThat(Durations.format(20_000_000L)).isEqualTo("20ms");
        assertThat(LatencyModel.parse("1ms..20ms~exp").toString()).isEqualTo("1ms..20ms~exp");
    }
}
