package io.gregor.histories.linear;

import static io.gregor.histories.linear.TestHistory.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvModelTest {

    private static CheckResult check(List<Op> history) {
        return Linearizability.check(history, new KvModel(), Budget.ofMillis(10_000));
    }

    @Test
    void appendsConcatenateAndPutsReplace() {
        List<Op> history = new TestHistory()
                .invoke(0, "append", map("key", "a", "value", "x")).ok(0, map("key", "a", "value", "x"))
                .invoke(0, "append", map("key", "a", "value", "y")).ok(0, map("key", "a", "value", "y"))
                .invoke(1, "get", map("key", "a")).ok(1, map("key", "a", "value", "xy"))
                .invoke(0, "put", map("key", "a", "value", "z")).ok(0, map("key", "a", "value", "z"))
                .invoke(1, "get", map("key", "a")).ok(1, map("key", "a", "value", "z"))
                .build();

        assertThat(check(history).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void keysStartEmpty() {
        List<Op> history = new TestHistory()
                .invoke(1, "get", map("key", "b")).ok(1, map("key", "b", "value", ""))
                .invoke(1, "get", map("key", "c")).ok(1, map("key", "c", "value", null))
                .build();

        assertThat(check(history).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void eachKeyIsItsOwnPartAndOnlyTheBadKeyIsReported() {
        List<Op> history = new TestHistory()
                .invoke(0, "put", map("key", "a", "value", "1")).ok(0, map("key", "a", "value", "1"))
                .invoke(0, "put", map("key", "b", "value", "1")).ok(0, map("key", "b", "value", "1"))
                .invoke(1, "get", map("key", "a")).ok(1, map("key", "a", "value", "1"))
                .invoke(1, "get", map("key", "b")).ok(1, map("key", "b", "value", "2"))
                .build();

        CheckResult result = check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.details()).containsEntry("partitions", 2L).containsEntry("partitions-valid", 1L)
                .containsEntry("partitions-invalid", 1L);
        assertThat(result.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.explanation()).startsWith("part b:").contains("state \"1\"");
            assertThat(a.witnesses()).containsExactly(history.get(6), history.get(7));
        });
    }

    @Test
    void aPartitionedCheckGivesTheSameVerdictAsTheWholeStore() {
        // a is fine alone, b is fine alone; so the whole history is fine although reads of a and b interleave
        List<Op> history = new TestHistory()
                .invoke(0, "put", map("key", "a", "value", "1"))
                .invoke(1, "put", map("key", "b", "value", "1"))
                .invoke(2, "get", map("key", "a")).ok(2, map("key", "a", "value", ""))
                .invoke(2, "get", map("key", "b")).ok(2, map("key", "b", "value", "1"))
                .ok(0, map("key", "a", "value", "1"))
                .ok(1, map("key", "b", "value", "1"))
                .build();

        assertThat(check(history).verdict()).isEqualTo(Verdict.VALID);
        assertThat(Linearizability.check(history, new WholeStoreKvModel(), Budget.ofMillis(10_000)).verdict())
                .isEqualTo(Verdict.VALID);
    }
}
