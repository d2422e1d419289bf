package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryGeneratorTest {

    private static final HistoryGenerator.Shape REGISTER =
            new HistoryGenerator.Shape(HistoryGenerator.Workload.REGISTER, 2_000, 10, 1, 0.5, 7);
    private static final HistoryGenerator.Shape CAS =
            new HistoryGenerator.Shape(HistoryGenerator.Workload.CAS_REGISTER, 2_000, 10, 1, 0.5, 7);
    private static final HistoryGenerator.Shape KV =
            new HistoryGenerator.Shape(HistoryGenerator.Workload.KV, 20_000, 20, 200, 0.5, 7);

    @Test
    void generatedHistoriesAreLinearizable() {
        for (HistoryGenerator.Shape shape : List.of(REGISTER, CAS, KV)) {
            List<Op> history = HistoryGenerator.generate(shape);
            CheckResult result = Linearizability.check(history, HistoryGenerator.modelFor(shape),
                    Budget.ofMillis(60_000));
            assertThat(history).hasSize(2 * shape.operations());
            assertThat(result.verdict()).as(shape + " " + result.details()).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void theSameShapeAndSeedGiveTheSameHistory() {
        assertThat(HistoryGenerator.generate(KV)).isEqualTo(HistoryGenerator.generate(KV));
        HistoryGenerator.Shape other = new HistoryGenerator.Shape(KV.workload(), KV.operations(), KV.clients(),
                KV.keys(), KV.readFraction(), 8);
        assertThat(HistoryGenerator.generate(other)).isNotEqualTo(HistoryGenerator.generate(KV));
    }

    @Test
    void operationsOverlap() {
        List<Op> history = HistoryGenerator.generate(REGISTER);
        int inFlight = 0;
        int maxInFlight = 0;
        for (Op op : history) {
            inFlight += op.isInvoke() ? 1 : -1;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        assertThat(maxInFlight).isGreaterThanOrEqualTo(REGISTER.clients() / 2);
    }

    @Test
    void aReadOfAValueNobodyWroteMakesItNonLinearizable() {
        List<Op> history = new ArrayList<>(HistoryGenerator.generate(REGISTER));
        int read = -1;
        for (int i = history.size() - 1; i >= 0 && read < 0; i--) {
            if (history.get(i).type() == Op.Type.OK && history.get(i).f().equals("read")) {
                read = i;
            }
        }
        Op original = history.get(read);
        Op corrupted = new Op(original.index(), original.timeNs(), original.process(), Op.Type.OK, "read", 99L, null);
        history.set(read, corrupted);

        CheckResult result = Linearizability.check(history, new RegisterModel(), Budget.ofMillis(60_000));

        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.anomalies()).singleElement().satisfies(a -> assertThat(a.witnesses()).contains(corrupted));
    }

    @Test
    void threadsDoNotChangeTheResult() {
        List<Op> history = HistoryGenerator.generate(KV);
        CheckResult one = Linearizability.check(history, new KvModel(), Budget.ofMillis(60_000), 1);
        CheckResult two = Linearizability.check(history, new KvModel(), Budget.ofMillis(60_000), 2);
        assertThat(two).isEqualTo(one);
    }
}
