package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stories about one register: what a linearizable register may and may not answer. */
class RegisterModelsTest {

    private static CheckResult check(List<Op> history, Model<?, ?> model) {
        return Linearizability.check(history, model, Budget.ofMillis(10_000));
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        for (long seen : new long[] {1L, 2L}) {
            List<Op> history = new TestHistory()
                    .invoke(0, "write", 1L).ok(0, 1L)
                    .invoke(0, "write", 2L)
                    .invoke(1, "read", null).ok(1, seen)
                    .ok(0, 2L)
                    .build();
            assertThat(check(history, new RegisterModel()).verdict()).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void aReadAfterAWriteCompletedMayNotSeeTheOldValue() {
        List<Op> history = new TestHistory()
                .invoke(0, "write", 1L).ok(0, 1L)
                .invoke(0, "write", 2L).ok(0, 2L)
                .invoke(1, "read", null).ok(1, 1L)
                .build();

        CheckResult result = check(history, new RegisterModel());

        assertThat(result.checker()).isEqualTo("linearizable/register");
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("nonlinearizable");
            assertThat(a.witnesses()).containsExactly(history.get(4), history.get(5)); // the stale read
            assertThat(a.explanation()).contains("prefix of 2 operations", "state 2", "p1 read -> ok 1");
        });
        assertThat(result.details()).containsEntry("partitions-invalid", 1L);
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> failures = (List<java.util.Map<String, Object>>)
                result.details().get("failures");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.get("linearizable-prefix")).isEqualTo(List.of(0L, 2L));
            assertThat(f.get("state-after-prefix")).isEqualTo("2");
        });
    }

    @Test
    void aReadOfNilBeforeAnyWriteIsFineAndAfterOneIsNot() {
        List<Op> fine = new TestHistory().invoke(1, "read", null).ok(1, null)
                .invoke(0, "write", 1L).ok(0, 1L).build();
        List<Op> stale = new TestHistory().invoke(0, "write", 1L).ok(0, 1L)
                .invoke(1, "read", null).ok(1, null).build();

        assertThat(check(fine, new RegisterModel()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(stale, new RegisterModel()).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aWriteOfUnknownOutcomeMayHaveHappenedOrNot() {
        List<Op> happened = new TestHistory().invoke(0, "write", 1L).info(0, 1L)
                .invoke(1, "read", null).ok(1, 1L).build();
        List<Op> didNot = new TestHistory().invoke(0, "write", 1L).info(0, 1L)
                .invoke(1, "read", null).ok(1, null).build();
        List<Op> flickers = new TestHistory().invoke(0, "write", 1L).info(0, 1L)
                .invoke(1, "read", null).ok(1, 1L)
                .invoke(1, "read", null).ok(1, null).build();

        assertThat(check(happened, new RegisterModel()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(didNot, new RegisterModel()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(flickers, new RegisterModel()).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aFailedWriteDidNotHappen() {
        List<Op> history = new TestHistory().invoke(0, "write", 1L).fail(0, 1L)
                .invoke(1, "read", null).ok(1, 1L).build();

        CheckResult result = check(history, new RegisterModel());

        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.details()).containsEntry("dropped-fails", 1L);
    }

    @Test
    void aFailedCasMeansNothingOrAnObservationDependingOnTheSystem() {
        // the register holds 1 throughout, yet the cas from 1 failed
        List<Op> history = new TestHistory()
                .invoke(0, "write", 1L).ok(0, 1L)
                .invoke(0, "cas", List.of(1L, 2L)).fail(0, List.of(1L, 2L))
                .invoke(1, "read", null).ok(1, 1L)
                .build();

        assertThat(check(history, CasRegisterModel.failedCasIsNoOp()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(history, CasRegisterModel.observingFailedCas()).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aSuccessfulCasNeedsTheExpectedValue() {
        List<Op> ok = new TestHistory().invoke(0, "write", 1L).ok(0, 1L)
                .invoke(0, "cas", List.of(1L, 2L)).ok(0, List.of(1L, 2L))
                .invoke(1, "read", null).ok(1, 2L).build();
        List<Op> wrong = new TestHistory().invoke(0, "write", 3L).ok(0, 3L)
                .invoke(0, "cas", List.of(1L, 2L)).ok(0, List.of(1L, 2L)).build();

        assertThat(check(ok, CasRegisterModel.failedCasIsNoOp()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(wrong, CasRegisterModel.failedCasIsNoOp()).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aCasOfUnknownOutcomeAppliesOnlyIfItMatched() {
        List<Op> applied = new TestHistory().invoke(0, "write", 1L).ok(0, 1L)
                .invoke(0, "cas", List.of(1L, 2L)).info(0, List.of(1L, 2L))
                .invoke(1, "read", null).ok(1, 2L).build();
        List<Op> couldNotMatch = new TestHistory().invoke(0, "write", 3L).ok(0, 3L)
                .invoke(0, "cas", List.of(1L, 2L)).info(0, List.of(1L, 2L))
                .invoke(1, "read", null).ok(1, 2L).build();

        assertThat(check(applied, CasRegisterModel.failedCasIsNoOp()).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check(couldNotMatch, CasRegisterModel.failedCasIsNoOp()).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void integerAndLongValuesAreTheSameValue() {
        List<Op> history = new TestHistory().invoke(0, "write", 7).ok(0, 7)
                .invoke(1, "read", null).ok(1, 7L).build();

        assertThat(check(history, new RegisterModel()).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void anOperationTheModelDoesNotKnowIsAOneLineError() {
        List<Op> history = new TestHistory().invoke(0, "cas", List.of(1L, 2L)).ok(0, List.of(1L, 2L)).build();
        List<Op> badCas = new TestHistory().invoke(0, "cas", 5L).ok(0, 5L).build();

        assertThatThrownBy(() -> check(history, new RegisterModel()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history index 0: cas is not a register operation (read, write)");
        assertThatThrownBy(() -> check(badCas, CasRegisterModel.failedCasIsNoOp()))
                .hasMessage("history index 0: cas expects [expected new], got 5");
    }

    @Test
    void modelsAreFoundByName() {
        for (String name : Models.NAMES) {
            assertThat(Models.byName(name).name()).isEqualTo(name.replaceAll(":.*", ""));
        }
        assertThatThrownBy(() -> Models.byName("queue"))
                .hasMessageStartingWith("unknown model \"queue\"; known models: register, cas-register");
    }
}
