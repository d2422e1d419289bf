package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.env.Clock;
import io.gregor.env.Env;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node clocks: skew, drift, jumps, monotonicity, and timers measured by the node's own clock. */
class SimClockTest {

    private static Simulation skewed(long seed) {
        return new Simulation(seed, SimConfig.defaults().withClock(ClockConfig.defaults().withMaxSkewMs(500)
                .withMaxDriftPpm(2_000)));
    }

    @Test
    void nodesDrawTheirSkewAndDriftWithinBoundsFromTheSeed() {
        Simulation sim = skewed(11);
        List<Long> skews = new ArrayList<>();
        for (int id = 0; id < 20; id++) {
            sim.envFor(id);
            SimClock clock = sim.clock(id);
            assertThat(clock.skewMs()).isBetween(-500L, 500L);
            assertThat(clock.driftPpm()).isBetween(-2_000, 2_000);
            skews.add(clock.skewMs());
        }
        assertThat(skews.stream().distinct().count()).isGreaterThan(10);
        Simulation again = skewed(11);
        again.envFor(7);
        assertThat(again.clock(7).skewMs()).isEqualTo(skews.get(7));
    }

    @Test
    void theMonotonicClockNeverGoesBackAndAdvancesAtTheDriftedRate() {
        Simulation sim = skewed(3);
        Clock clock = sim.envFor(0).clock();
        long driftPpm = sim.clock(0).driftPpm();
        long previous = clock.nanoTime();
        long start = previous;
        for (int i = 0; i < 1000; i++) {
            sim.runFor(997_123L);
            long now = clock.nanoTime();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
        long virtual = sim.nowNs();
        long expected = virtual + virtual * driftPpm / 1_000_000;
        assertThat(previous - start).isBetween(expected - 2, expected + 2);
    }

    @Test
    void aTimerFiresOnceTheNodesOwnClockHasAdvancedByItsDelay() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation sim = skewed(seed);
            Env env = sim.envFor(0);
            long scheduledAt = env.clock().nanoTime();
            long[] firedAt = {0};
            env.timers().schedule(123_456_789L, () -> firedAt[0] = env.clock().nanoTime());
            sim.runUntilQuiescent(Long.MAX_VALUE);
            assertThat(firedAt[0] - scheduledAt).as("seed %d", seed).isBetween(123_456_789L, 123_456_789L + 2);
        }
    }

    @Test
    void wallClocksAreSkewedAndJumpWhileTheMonotonicClockDoesNot() {
        Simulation sim = skewed(5);
        Clock clock = sim.envFor(0).clock();
        long wall = clock.wallMillis();
        assertThat(wall - ClockConfig.DEFAULT_EPOCH_MS).isEqualTo(sim.clock(0).skewMs());
        long mono = clock.nanoTime();
        sim.inject(new FaultEvent.ClockJump(0, 0, -60_000));
        assertThat(clock.wallMillis()).isEqualTo(wall - 60_000);
        assertThat(clock.nanoTime()).isEqualTo(mono);
    }

    @Test
    void aRestartedNodesMonotonicClockMayStartFromAnotherOrigin() {
        Simulation sim = skewed(9);
        sim.addNode(1, () -> new Recorder(new ArrayList<>()));
        long before = sim.clock(1).nanoTime();
        sim.crash(1);
        sim.restart(1);
        assertThat(sim.clock(1).nanoTime()).isNotEqualTo(before);
    }
}
