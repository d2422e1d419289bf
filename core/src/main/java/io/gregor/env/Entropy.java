package io.gregor.env;

/**
 * Seeded randomness. In the simulator every stream derives from the run seed, one per node and per purpose, so a
 * draw in one place never shifts another's.
 */
public interface Entropy {

    long nextLong();

    /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
    int nextInt(int bound);

    /** Uniform in {@code [0, 1)}. */
    double nextDouble();

    /** True with probability {@code p}. */
    default boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Uniform in {@code [minInclusive, maxExclusive)}. */
    default long between(long minInclusive, long maxExclusive) {
        if (maxExclusive <= minInclusive) {
            throw new IllegalArgumentException("empty range [" + minInclusive + ", " + maxExclusive + ")");
        }
        long span = maxExclusive - minInclusive;
        long r = nextLong() & Long.MAX_VALUE;
        return minInclusive + r % span;
    }

    /** An independent stream for {@code purpose}, derived deterministically from this one's seed. */
    Entropy fork(String purpose);
}
