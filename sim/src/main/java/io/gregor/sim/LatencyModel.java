package io.gregor.sim;

import io.gregor.env.Entropy;

/**
 * A delay distribution: {@code minNs} plus a random tail, never more than {@code maxNs}. Used for message latency
 * and fsync latency.
 *
 * <p>Text form: {@code 1ms..20ms} (uniform) or {@code 1ms..20ms~exp} (exponential tail with mean a quarter of the
 * span, cut at the max: most delays are short, a few are long, as on a real network).
 *
 * @param minNs the shortest delay
 * @param maxNs the longest delay (inclusive)
 * @param shape how the tail between them is drawn
 */
public record LatencyModel(long minNs, long maxNs, Shape shape) {

    /** How delays between min and max are distributed. */
    public enum Shape {
        UNIFORM,
        EXPONENTIAL
    }

    public LatencyModel {
        if (minNs < 0 || maxNs < minNs) {
            throw new IllegalArgumentException("bad latency range " + minNs + "ns.." + maxNs + "ns");
        }
        if (shape == null) {
            throw new IllegalArgumentException("latency shape is required");
        }
    }

    public static LatencyModel uniform(long minNs, long maxNs) {
        return new LatencyModel(minNs, maxNs, Shape.UNIFORM);
    }

    public static LatencyModel exponential(long minNs, long maxNs) {
        return new LatencyModel(minNs, maxNs, Shape.EXPONENTIAL);
    }

    /** A fixed delay. */
    public static LatencyModel fixed(long delayNs) {
        return new LatencyModel(delayNs, delayNs, Shape.UNIFORM);
    }

    /** One delay from this distribution. Draws exactly one number from {@code entropy}, even when fixed. */
    public long draw(Entropy entropy) {
        long span = maxNs - minNs;
        if (shape == Shape.UNIFORM) {
            long r = entropy.nextLong() & Long.MAX_VALUE;
            return span == 0 ? minNs : minNs + r % (span + 1);
        }
        double u = entropy.nextDouble();
        double tail = -Math.log1p(-u) * (span / 4.0);
        return tail >= span ? maxNs : minNs + (long) tail;
    }

    /** Parses the text form (see the class comment). */
    public static LatencyModel parse(String text) {
        String t = text.trim();
        Shape shape = Shape.UNIFORM;
        if (t.endsWith("~exp")) {
            shape = Shape.EXPONENTIAL;
            t = t.substring(0, t.length() - 4);
        }
        int dots = t.indexOf("..");
        if (dots < 0) {
            long fixed = Durations.parse(t);
            return new LatencyModel(fixed, fixed, shape);
        }
        long min = Durations.parse(t.substring(0, dots));
        long max = Durations.parse(t.substring(dots + 2));
        if (max < min) {
            throw new IllegalArgumentException("bad range '" + text + "': the max is below the min");
        }
        return new LatencyModel(min, max, shape);
    }

    @Override
    public String toString() {
        return Durations.format(minNs) + ".." + Durations.format(maxNs) + (shape == Shape.EXPONENTIAL ? "~exp" : "");
    }
}
