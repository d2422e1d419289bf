package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairingTest {

    @Test
    void pairsEachInvocationWithTheNextCompletionOfItsProcessInInvocationOrder() {
        List<Op> history = new TestHistory()
                .invoke(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, 1L)
                .ok(0, 1L)
                .build();

        List<Operation> ops = Pairing.pair(history);

        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).f()).isEqualTo("write");
        assertThat(ops.get(0).callPosition()).isEqualTo(0);
        assertThat(ops.get(0).returnPosition()).isEqualTo(3);
        assertThat(ops.get(1).f()).isEqualTo("read");
        assertThat(ops.get(1).input()).isNull();
        assertThat(ops.get(1).output()).isEqualTo(1L);
        assertThat(ops.get(1).callPosition()).isEqualTo(1);
        assertThat(ops.get(1).returnPosition()).isEqualTo(2);
    }

    @Test
    void infoAndMissingCompletionsReturnAtInfinity() {
        List<Op> history = new TestHistory()
                .invoke(0, "write", 1L)
                .invoke(1, "write", 2L)
                .info(0, 1L)
                .build();

        List<Operation> ops = Pairing.pair(history);

        assertThat(ops).extracting(Operation::outcome).containsExactly(Op.Type.INFO, Op.Type.INFO);
        assertThat(ops).extracting(Operation::returnPosition)
                .containsExactly(Operation.INFINITY, Operation.INFINITY);
        assertThat(ops.get(0).completion()).isNotNull();
        assertThat(ops.get(1).completion()).isNull();
    }

    @Test
    void integerAndLongProcessIdsAreTheSameProcess() {
        List<Op> history = List.of(
                new Op(0, 0, 3, Op.Type.INVOKE, "read", null, null),
                new Op(1, 1, 3L, Op.Type.OK, "read", 5L, null));

        assertThat(Pairing.pair(history)).singleElement().extracting(Operation::outcome).isEqualTo(Op.Type.OK);
    }

    @Test
    void skipsTheNemesis() {
        List<Op> history = new ArrayList<>(new TestHistory().invoke(0, "read", null).ok(0, null).build());
        history.add(1, new Op(9, 0, Keyword.of("nemesis"), Op.Type.INFO, "start-partition", null, null));

        assertThat(Pairing.pair(history)).singleElement().extracting(Operation::f).isEqualTo("read");
    }

    @Test
    void rejectsACompletionWithNothingInFlight() {
        List<Op> history = new TestHistory().invoke(0, "read", null).ok(0, null).ok(0, null).build();

        assertThatThrownBy(() -> Pairing.pair(history))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history index 2: ok from process 0 with no invocation in flight");
    }

    @Test
    void rejectsASecondInvocationWhileOneIsInFlight() {
        List<Op> history = new TestHistory().invoke(0, "read", null).invoke(0, "write", 1L).build();

        assertThatThrownBy(() -> Pairing.pair(history))
                .hasMessage("history index 1: process 0 invoked write while its operation at index 0 was still "
                        + "in flight");
    }

    @Test
    void rejectsACompletionOfAnotherFunction() {
        List<Op> history = List.of(
                new Op(0, 0, 0L, Op.Type.INVOKE, "read", null, null),
                new Op(1, 1, 0L, Op.Type.OK, "write", 5L, null));

        assertThatThrownBy(() -> Pairing.pair(history))
                .hasMessage("history index 1: completion of write for an invocation of read (process 0)");
    }
}
