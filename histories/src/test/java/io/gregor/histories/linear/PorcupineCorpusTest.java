package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every history of the Porcupine corpus gets the verdict that corpus states. */
class PorcupineCorpusTest {

    /** The corpus beside the repository; fails with a message saying where it looked when it is not there. */
    private static Path corpus() {
        return PorcupineCorpus.locate(Path.of(""));
    }

    @Test
    void corpusHasAllItsFiles() {
        List<PorcupineCorpus.Entry> entries = PorcupineCorpus.entries(corpus());
        assertThat(entries).hasSize(108);
        assertThat(entries.stream().filter(PorcupineCorpus.Entry::linearizable).count()).isEqualTo(26);
    }

    @Test
    void aMissingCorpusIsNamedWithWhereItWasLookedFor() {
        Path nowhere = Path.of("/").toAbsolutePath();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PorcupineCorpus.locate(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no shared/corpus/porcupine/expected.json in " + nowhere
                        + " or any folder above it; clone the shared folder beside the repository");
    }

    @TestFactory
    Stream<DynamicTest> everyFileGetsItsExpectedVerdict() {
        return PorcupineCorpus.entries(corpus()).stream().map(entry -> DynamicTest.dynamicTest(
                entry.file().getFileName().toString(), () -> {
                    CheckResult result = Linearizability.check(PorcupineCorpus.read(entry.file()),
                            entry.checkerModel(), Budget.ofMillis(60_000));
                    assertThat(result.verdict()).as(result.toString())
                            .isEqualTo(entry.linearizable() ? Verdict.VALID : Verdict.INVALID);
                    if (!entry.linearizable()) {
                        assertThat(result.anomalies()).isNotEmpty()
                                .allSatisfy(a -> assertThat(a.witnesses()).isNotEmpty());
                    }
                }));
    }
}
