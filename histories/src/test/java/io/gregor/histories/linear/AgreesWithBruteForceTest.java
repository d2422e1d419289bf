package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Verdict;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The search agrees with the brute-force checker on thousands of small histories (2–4 processes, up to 8
 * operations): histories of a simulated atomic object, which must be linearizable, and made-up ones.
 */
class AgreesWithBruteForceTest {

    private static final int TRIES = 1_000;

    @TestFactory
    Stream<DynamicTest> atomicRegisterHistoriesAreLinearizable() {
        return linearizableByConstruction(RandomHistories.Kind.REGISTER, new RegisterModel(), false);
    }

    @TestFactory
    Stream<DynamicTest> atomicCasRegisterHistoriesAreLinearizable() {
        return linearizableByConstruction(RandomHistories.Kind.CAS_REGISTER, CasRegisterModel.failedCasIsNoOp(),
                false);
    }

    @TestFactory
    Stream<DynamicTest> atomicCasRegisterHistoriesAreLinearizableWhenFailedCasObserves() {
        return linearizableByConstruction(RandomHistories.Kind.CAS_REGISTER, CasRegisterModel.observingFailedCas(),
                true);
    }

    @TestFactory
    Stream<DynamicTest> atomicKvHistoriesAreLinearizable() {
        return linearizableByConstruction(RandomHistories.Kind.KV, new KvModel(), false);
    }

    @TestFactory
    Stream<DynamicTest> registerVerdictsMatchBruteForce() {
        return matchesBruteForce(RandomHistories.Kind.REGISTER, new RegisterModel(), false);
    }

    @TestFactory
    Stream<DynamicTest> casRegisterVerdictsMatchBruteForce() {
        return matchesBruteForce(RandomHistories.Kind.CAS_REGISTER, CasRegisterModel.failedCasIsNoOp(), false);
    }

    @TestFactory
    Stream<DynamicTest> casRegisterVerdictsMatchBruteForceWhenFailedCasObserves() {
        return matchesBruteForce(RandomHistories.Kind.CAS_REGISTER, CasRegisterModel.observingFailedCas(), true);
    }

    @TestFactory
    Stream<DynamicTest> kvVerdictsMatchBruteForceThoughPartitioned() {
        return matchesBruteForce(RandomHistories.Kind.KV, new KvModel(), false);
    }

    /** The brute force does not partition, so for kv it needs the whole store as one object. */
    private static Model<?, ?> reference(Model<?, ?> model) {
        return model instanceof KvModel ? new WholeStoreKvModel() : model;
    }

    private static Stream<DynamicTest> linearizableByConstruction(RandomHistories.Kind kind, Model<?, ?> model,
            boolean failedCasObserves) {
        return Property.forAll(kind + " atomic", TRIES / 2, RandomHistories.atomic(kind, failedCasObserves), c -> {
            assertThat(BruteForce.linearizable(c.history(), reference(model))).as("brute force").isTrue();
            CheckResult result = Linearizability.check(c.history(), model, Budget.ofMillis(10_000));
            assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.VALID);
        });
    }

    private static Stream<DynamicTest> matchesBruteForce(RandomHistories.Kind kind, Model<?, ?> model,
            boolean failedCasObserves) {
        Gen<RandomHistories.Case> cases = Gen.frequency(RandomHistories.arbitrary(kind, failedCasObserves),
                RandomHistories.atomic(kind, failedCasObserves));
        return Property.forAll(kind + " vs brute force", TRIES, cases, c -> {
            boolean expected = BruteForce.linearizable(c.history(), reference(model));
            CheckResult result = Linearizability.check(c.history(), model, Budget.ofMillis(10_000));
            assertThat(result.verdict()).as(result.toString()).isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            if (!expected) {
                assertThat(result.anomalies()).isNotEmpty().allSatisfy(a -> {
                    assertThat(a.type()).isEqualTo("nonlinearizable");
                    assertThat(a.witnesses()).isNotEmpty();
                });
            }
        });
    }
}
