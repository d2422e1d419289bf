package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rope behind {@link KvModel}: equal text is equal state, however it was built. */
class KvStateTest {

    private static KvState put(String s) {
        return KvState.of(s, KvState.hashOf(s));
    }

    private static KvState append(KvState state, String suffix) {
        return state.append(suffix, KvState.hashOf(suffix), KvState.power(suffix.length()));
    }

    @Test
    void theSameTextBuiltFromDifferentPiecesIsTheSameState() {
        KvState a = append(append(KvState.EMPTY, "ab"), "c");
        KvState b = append(append(KvState.EMPTY, "a"), "bc");
        KvState c = put("abc");
        KvState d = append(append(put("a"), ""), "bc");

        assertThat(a).isEqualTo(b).isEqualTo(c).isEqualTo(d);
        assertThat(a.hashCode()).isEqualTo(b.hashCode()).isEqualTo(c.hashCode()).isEqualTo(d.hashCode());
        assertThat(a.toString()).isEqualTo("abc");
    }

    @Test
    void differentTextIsADifferentState() {
        KvState ab = append(append(KvState.EMPTY, "a"), "b");
        KvState ba = append(append(KvState.EMPTY, "b"), "a");

        assertThat(ab).isNotEqualTo(ba).isNotEqualTo(put("ab ")).isNotEqualTo(KvState.EMPTY);
        assertThat(put("")).isSameAs(KvState.EMPTY);
    }

    @Test
    void holdsComparesTheWholeText() {
        KvState state = append(append(put("x1y"), "x2y"), "x3y");

        assertThat(state.holds("x1yx2yx3y")).isTrue();
        assertThat(state.holds("x1yx3yx2y")).isFalse();
        assertThat(state.holds("x0yx2yx3y")).isFalse();
        assertThat(state.holds("x1yx2y")).isFalse();
        assertThat(KvState.EMPTY.holds("")).isTrue();
    }

    @Test
    void statesSharingATailCompareEqualWithoutDifferingEarlier() {
        KvState base = append(put("hello"), " world");
        KvState one = append(base, "!");
        KvState other = append(append(put("hel"), "lo world"), "!");

        assertThat(one).isEqualTo(other);
        assertThat(append(base, "?")).isNotEqualTo(one);
    }
}
