package io.gregor.sim;

/**
 * Everything a {@link Simulation} needs besides its seed. Plain data: two runs with the same seed and an equal
 * config give the same trace.
 *
 * @param network latency, loss, duplication, ordering
 * @param disk fsync latency, crash semantics, device faults
 * @param clock skew and drift
 * @param keepTraceLines whether to keep human-readable trace lines (the hash is computed regardless)
 * @param maxTraceLines the most lines kept; later lines are counted but dropped
 */
public record SimConfig(NetworkConfig network, DiskConfig disk, ClockConfig clock, boolean keepTraceLines,
        int maxTraceLines) {

    /** The default bound on kept trace lines. */
    public static final int DEFAULT_MAX_TRACE_LINES = 1_000_000;

    public SimConfig {
        if (network == null || disk == null || clock == null) {
            throw new IllegalArgumentException("network, disk and clock configs are required");
        }
        if (maxTraceLines < 0) {
            throw new IllegalArgumentException("max trace lines must be >= 0: " + maxTraceLines);
        }
    }

    /** A well-behaved machine: see each part's defaults. No trace lines. */
    public static SimConfig defaults() {
        return new SimConfig(NetworkConfig.defaults(), DiskConfig.defaults(), ClockConfig.defaults(), false,
                DEFAULT_MAX_TRACE_LINES);
    }

    public SimConfig withNetwork(NetworkConfig value) {
        return new SimConfig(value, disk, clock, keepTraceLines, maxTraceLines);
    }

    public SimConfig withDisk(DiskConfig value) {
        return new SimConfig(network, value, clock, keepTraceLines, maxTraceLines);
    }

    public SimConfig withClock(ClockConfig value) {
        return new SimConfig(network, disk, value, keepTraceLines, maxTraceLines);
    }

    public SimConfig withTraceLines(boolean value) {
        return new SimConfig(network, disk, clock, value, maxTraceLines);
    }
}
