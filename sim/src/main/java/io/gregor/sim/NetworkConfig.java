package io.gregor.sim;

/**
 * The simulated network's standing behaviour. Partitions, clogs and connection breaks are fault events (see
 * {@link FaultEvent}), not knobs here.
 *
 * @param latency one-way delay of each message, drawn independently (so messages on a link reorder)
 * @param lossRate probability that a message is silently dropped
 * @param duplicateRate probability that a message is delivered twice (the copy with its own latency)
 * @param fifoLinks when true every link delivers in send order (like one TCP connection), otherwise independent
 *     latencies reorder messages
 */
public record NetworkConfig(LatencyModel latency, double lossRate, double duplicateRate, boolean fifoLinks) {

    public NetworkConfig {
        if (latency == null) {
            throw new IllegalArgumentException("latency is required");
        }
        checkProbability("loss rate", lossRate);
        checkProbability("duplicate rate", duplicateRate);
    }

    /** 1ms..5ms uniform, no loss, no duplicates, reordering allowed. */
    public static NetworkConfig defaults() {
        return new NetworkConfig(LatencyModel.uniform(1_000_000L, 5_000_000L), 0.0, 0.0, false);
    }

    public NetworkConfig withLatency(LatencyModel value) {
        return new NetworkConfig(value, lossRate, duplicateRate, fifoLinks);
    }

    public NetworkConfig withLossRate(double value) {
        return new NetworkConfig(latency, value, duplicateRate, fifoLinks);
    }

    public NetworkConfig withDuplicateRate(double value) {
        return new NetworkConfig(latency, lossRate, value, fifoLinks);
    }

    public NetworkConfig withFifoLinks(boolean value) {
        return new NetworkConfig(latency, lossRate, duplicateRate, value);
    }

    static void checkProbability(String what, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1]: " + p);
        }
    }
}
