package io.gregor.histories.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityBenchMainTest {

    @Test
    void quickShapesRunAndReportTheirVerdicts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<LinearizabilityBenchMain.Figure> figures = LinearizabilityBenchMain.run(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), LinearizabilityBenchMain.SHAPES, 0, 1, true,
                null);

        assertThat(figures).extracting(LinearizabilityBenchMain.Figure::shape)
                .containsExactlyElementsOf(LinearizabilityBenchMain.SHAPES);
        assertThat(figures).extracting(LinearizabilityBenchMain.Figure::verdict)
                .containsExactly(Verdict.VALID, Verdict.INVALID, Verdict.VALID, Verdict.VALID);
        assertThat(figures.get(0).operations()).isEqualTo(100_000);
        assertThat(figures.get(1).operations()).isEqualTo(8_523); // the corpus's 102 etcd histories
        assertThat(figures).allSatisfy(f -> assertThat(f.opsPerSecond()).isPositive());
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(1 + figures.size());
        assertThat(printed).contains("kv-10k-keys", "etcd-corpus", "register-1-key", "kv-1-key");
    }

    @Test
    void anUnknownShapeIsAOneLineError() {
        assertThatThrownBy(() -> LinearizabilityBenchMain.load("queue", true, null))
                .hasMessage("unknown benchmark shape \"queue\"; known: kv-10k-keys, etcd-corpus, register-1-key, "
                        + "kv-1-key");
    }
}
