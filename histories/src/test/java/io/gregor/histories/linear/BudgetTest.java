package io.gregor.histories.linear;

import static io.gregor.histories.linear.TestHistory.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Past its budget the checker says "unknown" with what it explored, quickly, and never runs out of memory. */
class BudgetTest {

    /**
     * {@code writers} concurrent writes of distinct values, then a read of a value nobody wrote: not linearizable,
     * but the search must try every order of the writes (2^writers linearized sets) to be sure.
     */
    private static List<Op> explosive(int writers) {
        TestHistory h = new TestHistory();
        for (int p = 0; p < writers; p++) {
            h.invoke(p, "write", (long) p);
        }
        for (int p = 0; p < writers; p++) {
            h.ok(p, (long) p);
        }
        return h.invoke(writers, "read", null).ok(writers, 999L).build();
    }

    @Test
    void aHugeSearchWithATinyTimeBudgetIsUnknownQuickly() {
        long startNs = System.nanoTime();
        CheckResult result = Linearizability.check(explosive(60), new RegisterModel(), Budget.ofMillis(200));
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.anomalies()).isEmpty();
        assertThat(result.details().get("unknown-reason")).isEqualTo("wall time budget of 200 ms exhausted");
        assertThat((Long) result.details().get("explored-states")).isPositive();
        assertThat(result.details().get("unknown-partitions")).isEqualTo(List.of("all"));
        assertThat(elapsedMs).isLessThan(5_000);
    }

    @Test
    void aMemoEntryBudgetStopsTheSearch() {
        CheckResult result = Linearizability.check(explosive(60), new RegisterModel(),
                Budget.ofMillis(60_000).withMaxMemoEntries(50_000));

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.details().get("unknown-reason")).isEqualTo("memo budget of 50000 entries exhausted");
        assertThat((Long) result.details().get("explored-states")).isBetween(50_000L, 60_000L);
    }

    @Test
    void aMemoByteBudgetStopsTheSearch() {
        CheckResult result = Linearizability.check(explosive(60), new RegisterModel(),
                Budget.ofMillis(60_000).withMaxMemoBytes(8L * 1024 * 1024));

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.details().get("unknown-reason")).isEqualTo("memo budget of 8 MiB exhausted");
    }

    @Test
    void aQuicklyRefutedPartDecidesTheHistoryWhileAnotherIsStillSearching() {
        TestHistory h = new TestHistory();
        int writers = 40;
        for (int p = 0; p < writers; p++) {
            h.invoke(p, "put", map("key", "slow", "value", "v" + p));
        }
        for (int p = 0; p < writers; p++) {
            h.ok(p, map("key", "slow", "value", "v" + p));
        }
        h.invoke(writers, "get", map("key", "slow")).ok(writers, map("key", "slow", "value", "nobody"));
        h.invoke(writers, "put", map("key", "fast", "value", "1")).ok(writers, map("key", "fast", "value", "1"));
        h.invoke(writers, "get", map("key", "fast")).ok(writers, map("key", "fast", "value", "2"));

        CheckResult result = Linearizability.check(h.build(), new KvModel(), Budget.ofMillis(60_000));

        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.anomalies()).singleElement().satisfies(a -> assertThat(a.explanation()).startsWith("part fast:"));
        assertThat(result.details()).containsEntry("partitions-unknown", 1L)
                .containsEntry("unknown-reason", Linearizability.NOT_SEARCHED_FURTHER)
                .containsEntry("unknown-partitions", List.of("slow"));
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> new Budget(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget limits must be positive: time 0 ms, 1 memo entries, 1 memo bytes");
    }
}
