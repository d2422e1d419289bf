package io.gregor.sim;

import io.gregor.env.Entropy;

/**
 * The simulator's randomness: xoshiro256** seeded through SplitMix64, both written here so a run depends on no
 * JDK implementation detail.
 *
 * <p>Every stream remembers the seed it was made from, and {@link #fork(String)} derives a child seed from that
 * seed and the purpose string only, never from how many numbers were drawn. So a node that draws one more number
 * shifts its own stream and nobody else's (DESIGN.md section 4, rule 3).
 */
public final class SimEntropy implements Entropy {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public SimEntropy(long seed) {
        this.seed = seed;
        long x = seed;
        x += GOLDEN_GAMMA;
        s0 = mix64(x);
        x += GOLDEN_GAMMA;
        s1 = mix64(x);
        x += GOLDEN_GAMMA;
        s2 = mix64(x);
        x += GOLDEN_GAMMA;
        s3 = mix64(x);
        if ((s0 | s1 | s2 | s3) == 0) { // the one state xoshiro cannot leave
            s0 = GOLDEN_GAMMA;
        }
    }

    /** The seed this stream was made from. */
    public long seed() {
        return seed;
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-and-reject: unbiased, usually one draw.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public SimEntropy fork(String purpose) {
        return new SimEntropy(childSeed(seed, purpose));
    }

    /** The seed of the child stream for {@code purpose}: a function of the two arguments only. */
    public static long childSeed(long seed, String purpose) {
        return mix64(mix64(seed ^ GOLDEN_GAMMA) + hash64(purpose));
    }

    /** A 64-bit hash of a string (FNV-1a over its chars, then finalized). */
    public static long hash64(String text) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix64(h);
    }

    /** SplitMix64's finalizer: a bijection that spreads every input bit over the output. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
