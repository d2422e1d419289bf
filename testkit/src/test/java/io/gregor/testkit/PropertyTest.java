package io.gregor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PropertyTest {

    @TestFactory
    Stream<DynamicTest> reversingTwiceIsIdentity() {
        Gen<List<Integer>> lists = Gen.listOf(Gen.ints(-100, 100), 50);
        return Property.forAll("reverse twice", 50, lists, list -> {
            List<Integer> copy = new java.util.ArrayList<>(list);
            java.util.Collections.reverse(copy);
            java.util.Collections.reverse(copy);
            assertThat(copy).isEqualTo(list);
        });
    }

    @Test
    void shrinksAFailingListToTheMinimalCounterexample() {
        // "no list contains a number >= 50" is false; the minimal counterexample is [50].
        Gen<List<Integer>> lists = Gen.listOf(Gen.ints(0, 1000), 40);
        long failingSeed = -1;
        for (long seed = 1; seed < 100 && failingSeed < 0; seed++) {
            List<Integer> value = lists.generate(Source.fromSeed(seed));
            if (value.stream().anyMatch(v -> v >= 50) && value.size() > 2) {
                failingSeed = seed;
            }
        }
        assertThat(failingSeed).isPositive();
        long seed = failingSeed;
        assertThatThrownBy(() -> Property.check("small numbers", seed, lists,
                list -> assertThat(list).allMatch(v -> v < 50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seed " + seed)
                .hasMessageContaining("shrunk")
                .hasMessageContaining("): [50]");
    }

    @Test
    void sameSeedGeneratesTheSameValue() {
        Gen<List<Long>> lists = Gen.listOf(Gen.longs(0, Long.MAX_VALUE - 1), 20);
        assertThat(lists.generate(Source.fromSeed(42))).isEqualTo(lists.generate(Source.fromSeed(42)));
        assertThat(lists.generate(Source.fromSeed(42))).isNotEqualTo(lists.generate(Source.fromSeed(43)));
    }

    @Test
    void replayingPastTheEndYieldsTheSimplestChoices() {
        Source source = Source.replaying(new long[] {5});
        assertThat(source.intBetween(0, 10)).isEqualTo(5);
        assertThat(source.intBetween(3, 10)).isEqualTo(3);
        assertThat(source.chance(0.9)).isFalse();
    }
}
