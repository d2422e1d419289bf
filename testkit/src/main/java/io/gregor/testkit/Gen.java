package io.gregor.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A generator of values from a {@link Source} of choices. Shrinking comes for free (see the package doc). */
@FunctionalInterface
public interface Gen<T> {

    T generate(Source source);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return s -> f.apply(generate(s));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return s -> f.apply(generate(s)).generate(s);
    }

    static Gen<Integer> ints(int min, int max) {
        return s -> s.intBetween(min, max);
    }

    static Gen<Long> longs(long min, long max) {
        return s -> s.longBetween(min, max);
    }

    static Gen<Boolean> booleans(double pTrue) {
        return s -> s.chance(pTrue);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        List<T> options = List.of(values);
        return s -> s.pick(options);
    }

    /** Picks one of the generators, shrinking towards the first. */
    @SafeVarargs
    static <T> Gen<T> frequency(Gen<? extends T>... gens) {
        List<Gen<? extends T>> options = List.of(gens);
        return s -> s.pick(options).generate(s);
    }

    /**
     * A list of up to {@code maxSize} elements. Each element is preceded by a "one more?" choice, so deleting a
     * span of choices while shrinking deletes whole elements.
     */
    static <T> Gen<List<T>> listOf(Gen<T> element, int maxSize) {
        return s -> {
            List<T> out = new ArrayList<>();
            while (out.size() < maxSize && s.draw(8) != 0) { // mean length ~7 before the cap
                out.add(element.generate(s));
            }
            return out;
        };
    }

    /** A list of exactly {@code size} elements. */
    static <T> Gen<List<T>> listOfSize(Gen<T> element, int size) {
        return s -> {
            List<T> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(element.generate(s));
            }
            return out;
        };
    }
}
