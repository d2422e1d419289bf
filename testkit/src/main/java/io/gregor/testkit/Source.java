package io.gregor.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The stream of random choices a generator draws from. Fresh sources draw from a seeded PRNG and record every
 * choice; replaying sources read a (possibly edited) record of choices back, and answer 0 once it runs out, so
 * that a shorter record yields a smaller value.
 */
public final class Source {

    private final SplittableRandom random;
    private final long[] replay;
    private int position;
    private final List<Long> recorded = new ArrayList<>();

    private Source(SplittableRandom random, long[] replay) {
        this.random = random;
        this.replay = replay;
    }

    /** A source of fresh random choices from {@code seed}. */
    public static Source fromSeed(long seed) {
        return new Source(new SplittableRandom(seed), null);
    }

    /** A source that plays {@code choices} back (used by shrinking). */
    public static Source replaying(long[] choices) {
        return new Source(null, choices.clone());
    }

    /** A choice in {@code [0, bound)}; {@code bound} must be positive. Smaller choices mean simpler values. */
    public long draw(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long value;
        if (replay == null) {
            value = random.nextLong(bound);
        } else if (position < replay.length) {
            value = Math.min(Math.max(replay[position], 0), bound - 1);
        } else {
            value = 0;
        }
        position++;
        recorded.add(value);
        return value;
    }

    /** An int in {@code [min, max]}, shrinking towards {@code min}. */
    public int intBetween(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        return (int) (min + draw((long) max - min + 1));
    }

    /** A long in {@code [min, max]}, shrinking towards {@code min}. */
    public long longBetween(long min, long max) {
        if (max < min) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        long span = max - min + 1;
        if (span <= 0) { // the whole long range: draw the raw bits
            return min + draw(Long.MAX_VALUE);
        }
        return min + draw(span);
    }

    /** True with probability {@code p}; shrinks towards false. */
    public boolean chance(double p) {
        long scale = 1L << 20;
        return draw(scale) >= Math.round((1.0 - p) * scale);
    }

    /** One of {@code options}, shrinking towards the first. */
    public <T> T pick(List<T> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("nothing to pick from");
        }
        return options.get((int) draw(options.size()));
    }

    /** Random bytes (shrink towards zeros). */
    public byte[] bytes(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) draw(256);
        }
        return out;
    }

    /** The choices drawn so far, for shrinking. */
    long[] choices() {
        long[] out = new long[recorded.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = recorded.get(i);
        }
        return out;
    }
}
