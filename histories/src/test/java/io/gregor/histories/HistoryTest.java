package io.gregor.histories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static Op op(long index, Object process, Op.Type type, String f, Object value) {
        return new Op(index, index * 10, process, type, f, value, null);
    }

    private static final Keyword NEMESIS = Keyword.of("nemesis");

    @Test
    void pairsEachInvocationWithItsCompletion() {
        History h = History.of(List.of(
                op(0, 0L, Op.Type.INVOKE, "send", 1L),
                op(1, 1L, Op.Type.INVOKE, "poll", null),
                op(2, NEMESIS, Op.Type.INFO, "start-partition", null),
                op(3, 0L, Op.Type.OK, "send", 1L),
                op(4, NEMESIS, Op.Type.INFO, "start-partition", "done"),
                op(5, 0L, Op.Type.INVOKE, "send", 2L)));

        assertThat(h.completionOf(0)).isEqualTo(h.get(3));
        assertThat(h.invocationOf(3)).isEqualTo(h.get(0));
        assertThat(h.completionOf(1)).isNull();
        assertThat(h.completionOf(2)).isEqualTo(h.get(4));
        assertThat(h.invocationOf(0)).isNull();
        assertThat(h.operations()).extracting(OpPair::invokePosition).containsExactly(0, 1, 2, 5);
        assertThat(h.operations()).extracting(OpPair::outcome)
                .containsExactly(Op.Type.OK, Op.Type.INFO, Op.Type.INFO, Op.Type.INFO);
        assertThat(h.processes()).containsExactly(0L, 1L, NEMESIS);
        assertThat(h.byProcess().get(0L)).extracting(Op::index).containsExactly(0L, 3L, 5L);
        assertThat(h.clientOps().size()).isEqualTo(4);
        assertThat(h.positionOfIndex(4)).isEqualTo(4);
        assertThat(h.positionOfIndex(9)).isEqualTo(-1);
    }

    @Test
    void integerAndLongProcessesAreTheSameProcess() {
        History h = History.of(List.of(op(0, 3, Op.Type.INVOKE, "send", 1L), op(1, 3L, Op.Type.OK, "send", 1L)));
        assertThat(h.completionOf(0)).isNotNull();
        assertThat(h.processes()).containsExactly(3L);
    }

    @Test
    void summaryCountsOutcomesPerFunction() {
        History h = History.of(List.of(
                op(0, 0L, Op.Type.INVOKE, "send", 1L),
                op(1, 0L, Op.Type.FAIL, "send", 1L),
                op(2, 0L, Op.Type.INVOKE, "send", 2L),
                op(3, 0L, Op.Type.OK, "send", 2L),
                op(4, 1L, Op.Type.INVOKE, "poll", null)));
        HistorySummary s = h.summary();
        assertThat(s.events()).isEqualTo(5);
        assertThat(s.operations()).isEqualTo(3);
        assertThat(s.pendingAtEnd()).isEqualTo(1);
        assertThat(s.outcomesByF().get("send")).containsEntry("ok", 1L).containsEntry("fail", 1L);
        assertThat(s.outcomesByF().get("poll")).containsEntry("pending", 1L);
        assertThat(s.lastTimeNs()).isEqualTo(40);
    }

    @Test
    void rejectsACompletionWithNoInvocation() {
        assertThatThrownBy(() -> History.of(List.of(op(0, 0L, Op.Type.INVOKE, "send", 1L),
                op(1, 0L, Op.Type.OK, "send", 1L), op(2, 0L, Op.Type.OK, "send", 1L))))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("event 2: ok send from process 0 with no invocation in flight");
    }

    @Test
    void rejectsASecondInvocationInFlight() {
        assertThatThrownBy(() -> History.of(List.of(op(0, 0L, Op.Type.INVOKE, "send", 1L),
                op(1, 0L, Op.Type.INVOKE, "poll", null))))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("event 1: process 0 invokes poll while its send (index 0) has not completed");
    }

    @Test
    void rejectsIndexesOutOfOrderNamingTheLine() {
        HistoryFormatException e = org.junit.jupiter.api.Assertions.assertThrows(HistoryFormatException.class,
                () -> History.of(List.of(op(5, 0L, Op.Type.INVOKE, "send", 1L), op(4, 0L, Op.Type.OK, "send", 1L)),
                        new int[] {7, 8}));
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.getMessage()).isEqualTo("line 8: index 4 out of order: it follows index 5 (indexes must ascend)");
    }

    @Test
    void rejectsACompletionOfAnotherFunction() {
        assertThatThrownBy(() -> History.of(List.of(op(0, 0L, Op.Type.INVOKE, "send", 1L),
                op(1, 0L, Op.Type.OK, "poll", 1L))))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("completes poll (ok) but invoked send");
    }

    @Test
    void reindexedNumbersByPosition() {
        History h = History.reindexed(List.of(op(7, 0L, Op.Type.INVOKE, "send", 1L), op(3, 0L, Op.Type.OK, "send", 1L)));
        assertThat(h.ops()).extracting(Op::index).containsExactly(0L, 1L);
    }
}
