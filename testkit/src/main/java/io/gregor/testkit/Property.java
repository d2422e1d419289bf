package io.gregor.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a property over many seeded cases. Use it from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> appendsAreRead() {
 *     return Property.forAll("appends are read", 200, genOps, ops -> { ... assertions ... });
 * }
 * }</pre>
 *
 * Each case is a dynamic test named by its seed. A failing case is shrunk, and the failure names the seed (to
 * replay it: {@code -Dgregor.seed=N}) and shows the smallest failing value found.
 */
public final class Property {

    /** Base seed for a property: fixed unless {@code -Dgregor.seed=N} asks for one seed. */
    static final String SEED_PROPERTY = "gregor.seed";
    /** At most this many shrink attempts per failure. */
    static final int MAX_SHRINK_ATTEMPTS = 4_000;

    private Property() {
    }

    /** {@code tries} cases with seeds 1..tries (or the one seed given by {@code -Dgregor.seed}). */
    public static <T> Stream<DynamicTest> forAll(String name, int tries, Gen<T> gen, Consumer<T> property) {
        List<Long> seeds = new ArrayList<>();
        String forced = System.getProperty(SEED_PROPERTY);
        if (forced != null) {
            seeds.add(Long.parseLong(forced.trim()));
        } else {
            for (long seed = 1; seed <= tries; seed++) {
                seeds.add(seed);
            }
        }
        return seeds.stream().map(seed -> DynamicTest.dynamicTest(name + " [seed " + seed + "]",
                () -> check(name, seed, gen, property)));
    }

    /** Checks one seed; on failure shrinks and throws an {@link AssertionError} describing the minimal case. */
    public static <T> void check(String name, long seed, Gen<T> gen, Consumer<T> property) {
        Source source = Source.fromSeed(seed);
        T value = gen.generate(source);
        Throwable failure = run(property, value);
        if (failure == null) {
            return;
        }
        Shrunk<T> shrunk = shrink(gen, property, source.choices(), value, failure);
        AssertionError error = new AssertionError(name + " failed for seed " + seed + " (replay with -D"
                + SEED_PROPERTY + "=" + seed + ")\n  original: " + value + "\n  shrunk (" + shrunk.steps
                + " steps): " + shrunk.value + "\n  failure: " + shrunk.failure, shrunk.failure);
        throw error;
    }

    /** The smallest failing value found, how many successful shrink steps led to it, and its failure. */
    public record Shrunk<T>(T value, int steps, Throwable failure) {
    }

    /** Shrinks a failing choice sequence: delete spans, then lower single choices, until nothing helps. */
    public static <T> Shrunk<T> shrink(Gen<T> gen, Consumer<T> property, long[] choices, T value, Throwable failure) {
        long[] best = choices;
        T bestValue = value;
        Throwable bestFailure = failure;
        int steps = 0;
        int attempts = 0;
        boolean improved = true;
        while (improved && attempts < MAX_SHRINK_ATTEMPTS) {
            improved = false;
            // 1. delete spans of choices, large spans first
            for (int span = Math.max(1, best.length / 2); span >= 1 && attempts < MAX_SHRINK_ATTEMPTS; span /= 2) {
                for (int start = 0; start + span <= best.length && attempts < MAX_SHRINK_ATTEMPTS; ) {
                    long[] candidate = new long[best.length - span];
                    System.arraycopy(best, 0, candidate, 0, start);
                    System.arraycopy(best, start + span, candidate, start, best.length - start - span);
                    attempts++;
                    Attempt<T> a = attempt(gen, property, candidate, best);
                    if (a != null) {
                        best = a.choices;
                        bestValue = a.value;
                        bestFailure = a.failure;
                        steps++;
                        improved = true;
                    } else {
                        start++;
                    }
                }
            }
            // 2. lower each choice: to zero, to half, by one
            for (int i = 0; i < best.length && attempts < MAX_SHRINK_ATTEMPTS; i++) {
                long current = best[i];
                for (long lower : new long[] {0, current / 2, current - 1}) {
                    if (lower >= current || lower < 0) {
                        continue;
                    }
                    long[] candidate = Arrays.copyOf(best, best.length);
                    candidate[i] = lower;
                    attempts++;
                    Attempt<T> a = attempt(gen, property, candidate, best);
                    if (a != null) {
                        best = a.choices;
                        bestValue = a.value;
                        bestFailure = a.failure;
                        steps++;
                        improved = true;
                        break;
                    }
                }
            }
        }
        return new Shrunk<>(bestValue, steps, bestFailure);
    }

    private record Attempt<T>(long[] choices, T value, Throwable failure) {
    }

    private static <T> Attempt<T> attempt(Gen<T> gen, Consumer<T> property, long[] candidate, long[] best) {
        Source replay = Source.replaying(candidate);
        T value;
        try {
            value = gen.generate(replay);
        } catch (RuntimeException e) {
            return null; // the edited choices do not make a valid value
        }
        long[] used = replay.choices();
        if (!simpler(used, best)) { // no progress: the same value again
            return null;
        }
        Throwable failure = run(property, value);
        return failure == null ? null : new Attempt<>(used, value, failure);
    }

    /** Shortlex order on choice sequences: shorter is simpler, then lexicographically smaller. */
    static boolean simpler(long[] a, long[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return a[i] < b[i];
            }
        }
        return false;
    }

    private static <T> Throwable run(Consumer<T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }
}
