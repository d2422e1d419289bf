package io.gregor.sim;

/**
 * How far node clocks disagree. Each node draws its skew in {@code [-maxSkewMs, maxSkewMs]} and its drift in
 * {@code [-maxDriftPpm, maxDriftPpm]} from its own clock stream.
 *
 * @param maxSkewMs the largest offset of a node's wall clock from true (virtual) time
 * @param maxDriftPpm the largest rate error of a node's clocks, in parts per million (100 ppm = 8.6 s a day)
 * @param wallEpochMs the wall-clock time (Unix millis) at virtual time zero
 */
public record ClockConfig(long maxSkewMs, int maxDriftPpm, long wallEpochMs) {

    /** Wall time starts at 2024-01-01T00:00:00Z. */
    public static final long DEFAULT_EPOCH_MS = 1_704_067_200_000L;
    /** Drift beyond this is no clock at all. */
    public static final int MAX_DRIFT_PPM = 100_000;

    public ClockConfig {
        if (maxSkewMs < 0) {
            throw new IllegalArgumentException("max skew must be >= 0: " + maxSkewMs);
        }
        if (maxDriftPpm < 0 || maxDriftPpm > MAX_DRIFT_PPM) {
            throw new IllegalArgumentException("max drift must be in [0, " + MAX_DRIFT_PPM + "] ppm: " + maxDriftPpm);
        }
    }

    /** Perfect clocks: no skew, no drift. */
    public static ClockConfig defaults() {
        return new ClockConfig(0, 0, DEFAULT_EPOCH_MS);
    }

    public ClockConfig withMaxSkewMs(long value) {
        return new ClockConfig(value, maxDriftPpm, wallEpochMs);
    }

    public ClockConfig withMaxDriftPpm(int value) {
        return new ClockConfig(maxSkewMs, value, wallEpochMs);
    }
}
