package io.gregor.sim;

import io.gregor.env.Clock;

/**
 * A node's clocks over virtual time. The node's oscillator drifts by {@code driftPpm}; its wall clock is also off
 * by {@code skewMs} and may jump (a clock-jump fault, as NTP stepping the clock). The monotonic clock starts from
 * an arbitrary origin that is drawn again at every restart (a reboot), and is never stepped: within one incarnation
 * {@link #nanoTime()} never goes backwards, through pauses included.
 *
 * <p>Timers honour the node's own clock: a timer for {@code d} ns fires once the node's monotonic clock has advanced
 * by at least {@code d}, which with a slow clock is later in virtual time ({@link #virtualDelayNs(long)}).
 */
public final class SimClock implements Clock {

    private static final long NS_PER_MS = 1_000_000L;
    private static final long PPM = 1_000_000L;

    private final Simulation sim;
    private final SimEntropy entropy;
    private final long skewMs;
    private final int driftPpm;
    private final long wallEpochMs;
    private long jumpMs;
    private long originNs;

    SimClock(Simulation sim, SimEntropy entropy, ClockConfig config) {
        this.sim = sim;
        this.entropy = entropy;
        this.skewMs = config.maxSkewMs() == 0 ? 0 : entropy.between(-config.maxSkewMs(), config.maxSkewMs() + 1);
        this.driftPpm = config.maxDriftPpm() == 0 ? 0
                : (int) entropy.between(-config.maxDriftPpm(), config.maxDriftPpm() + 1L);
        this.wallEpochMs = config.wallEpochMs();
    }

    /** A reboot: the monotonic clock gets a new arbitrary origin. The wall clock is unaffected. */
    void reboot() {
        originNs = entropy.between(0, 1L << 50);
    }

    /** Steps the wall clock by {@code deltaMs} (negative steps it back). */
    void jump(long deltaMs) {
        jumpMs += deltaMs;
    }

    @Override
    public long nanoTime() {
        return originNs + localNs(sim.nowNs());
    }

    @Override
    public long wallMillis() {
        return wallEpochMs + skewMs + jumpMs + Math.floorDiv(localNs(sim.nowNs()), NS_PER_MS);
    }

    public long skewMs() {
        return skewMs;
    }

    public int driftPpm() {
        return driftPpm;
    }

    /** Nanoseconds the node's oscillator counts over {@code virtualNs}: non-decreasing in its argument. */
    long localNs(long virtualNs) {
        if (driftPpm == 0) {
            return virtualNs;
        }
        long q = virtualNs / PPM;
        long r = virtualNs % PPM;
        return virtualNs + q * driftPpm + Math.floorDiv(r * driftPpm, PPM);
    }

    /** The virtual delay after which the node's clock has advanced by at least {@code localDelayNs} from now. */
    long virtualDelayNs(long localDelayNs) {
        if (driftPpm == 0 || localDelayNs == 0) {
            return localDelayNs;
        }
        long now = sim.nowNs();
        long start = localNs(now);
        long v = (long) (localDelayNs * ((double) PPM / (PPM + driftPpm)));
        while (v > 0 && localNs(now + v - 1) - start >= localDelayNs) {
            v--;
        }
        while (localNs(now + v) - start < localDelayNs) {
            v++;
        }
        return v;
    }
}
