package io.gregor.histories.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Keyword;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdnReaderTest {

    private static Object read(String edn) {
        return new EdnReader(new StringReader(edn)).readValue();
    }

    @Test
    void readsScalars() {
        assertThat(read("nil")).isNull();
        assertThat(read("true")).isEqualTo(true);
        assertThat(read("false")).isEqualTo(false);
        assertThat(read("42")).isEqualTo(42L);
        assertThat(read("-7")).isEqualTo(-7L);
        assertThat(read("+7")).isEqualTo(7L);
        assertThat(read("12N")).isEqualTo(12L);
        assertThat(read("123456789012345678901234567890N"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(read("99999999999999999999")).isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(read("1.5")).isEqualTo(1.5);
        assertThat(read("-2.5e3")).isEqualTo(-2500.0);
        assertThat(read("1.25M")).isEqualTo(new BigDecimal("1.25"));
        assertThat(read("1/4")).isEqualTo(0.25);
        assertThat(read("##Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("##NaN")).isEqualTo(Double.NaN);
        assertThat(read(":send")).isEqualTo(Keyword.of("send"));
        assertThat(read(":jepsen.history/op")).isEqualTo(Keyword.of("jepsen.history/op"));
        assertThat(read("foo.bar/baz")).isEqualTo(new EdnSymbol("foo.bar/baz"));
        assertThat(read("\\a")).isEqualTo("a");
        assertThat(read("\\newline")).isEqualTo("\n");
    }

    @Test
    void readsStringsWithEscapes() {
        assertThat(read("\"a\\\"b\\\\c\\nd\\te\\u00e9\"")).isEqualTo("a\"b\\c\nd\te\u00e9");
    }

    @Test
    void readsCollectionsWithCommasCommentsDiscardsAndTags() {
        Object v = read("{:a [1, 2 (3)] ; a comment\n :b #{:x} #_ :ignored :c #inst \"2024-01-01\" "
                + ":d #jepsen.history.Op{:f :poll} 3 {0 [[1 2]]}}");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(new java.util.ArrayList<Object>(m.keySet())).containsExactly(Keyword.of("a"), Keyword.of("b"), Keyword.of("c"), Keyword.of("d"),
                3L);
        assertThat(m.get(Keyword.of("a"))).isEqualTo(List.of(1L, 2L, List.of(3L)));
        assertThat(m.get(Keyword.of("b"))).isEqualTo(Set.of(Keyword.of("x")));
        assertThat(m.get(Keyword.of("c"))).isEqualTo("2024-01-01");
        assertThat(m.get(Keyword.of("d"))).isEqualTo(Map.of(Keyword.of("f"), Keyword.of("poll")));
        assertThat(m.get(3L)).isEqualTo(Map.of(0L, List.of(List.of(1L, 2L))));
    }

    @Test
    void tracksLinesAndEndOfInput() {
        EdnReader r = new EdnReader(new StringReader("; header\n\n:a\n  [1\n 2]  ; trailing\n"));
        assertThat(r.atEnd()).isFalse();
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.readValue()).isEqualTo(Keyword.of("a"));
        assertThat(r.readValue()).isEqualTo(List.of(1L, 2L));
        assertThat(r.atEnd()).isTrue();
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(() -> read("[1 2\n 3")).isInstanceOf(HistoryFormatException.class)
                .hasMessage("line 2: EDN: ']' missing: the collection opened at line 1 is never closed");
        assertThatThrownBy(() -> read("\n\n}")).isInstanceOf(HistoryFormatException.class)
                .hasMessage("line 3: EDN: unexpected '}'");
        assertThatThrownBy(() -> read("{:a}")).isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("odd number of forms");
        assertThatThrownBy(() -> read("\"abc")).hasMessage("line 1: EDN string never closed");
        assertThatThrownBy(() -> read("12x4")).hasMessage("line 1: EDN: bad number '12x4'");
        assertThatThrownBy(() -> read("1.5f")).hasMessage("line 1: EDN: bad number '1.5f'");
    }

    @Test
    void writerPrintsWhatTheReaderReads() {
        Object v = read("{:a [1 -2 3.5 \"q\\\"\" nil true] :b #{:k} :c {7 [[12 7]]} :d 12345678901234567890N "
                + ":e 1.5M :f sym :g ##-Inf}");
        String edn = EdnWriter.toEdn(v);
        assertThat(read(edn)).isEqualTo(v);
        assertThat(EdnWriter.toEdn(List.of(List.of(Keyword.of("send"), 3L, List.of(12L, 7L)))))
                .isEqualTo("[[:send 3 [12 7]]]");
        assertThat(EdnWriter.toEdn(Map.of(3L, List.of()))).isEqualTo("{3 []}");
    }
}
