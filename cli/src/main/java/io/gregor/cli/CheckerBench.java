package io.gregor.cli;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.kafka.KafkaChecker;
import io.gregor.histories.kafka.KafkaCheckerOptions;
import io.gregor.histories.kafka.KafkaHistoryGenerator;
import io.gregor.histories.linear.LinearizabilityBenchMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code gregor check --bench}: times the checkers on generated histories of the shapes Porcupine's figures are
 * quoted for (docs/perf.md), and the Kafka checker on a generated history. Timings, not a test.
 */
final class CheckerBench {

    /** Kafka checker runs; the best and the median are printed. */
    static final int KAFKA_RUNS = 5;

    private CheckerBench() {
    }

    static int run(PrintWriter out, boolean quick) {
        out.println("linearizability checker, one thread, best of 2 after a warm-up:");
        out.flush();
        PrintStream print = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
        LinearizabilityBenchMain.run(print, LinearizabilityBenchMain.SHAPES, 2, 1, quick, null);
        print.flush();

        int events = quick ? 100_000 : 1_000_000;
        // about 2.2 history events per operation once assignments, final polls and the nemesis are added
        History history = KafkaHistoryGenerator.generate(1, KafkaHistoryGenerator.Config.typical(events * 10 / 22));
        KafkaCheckerOptions options = KafkaCheckerOptions.defaults().withExpectFinalReadAll(true);
        double[] perSecond = new double[KAFKA_RUNS];
        CheckResult result = null;
        for (int run = 0; run < KAFKA_RUNS; run++) {
            long startNs = System.nanoTime();
            result = KafkaChecker.check(history, options);
            perSecond[run] = history.size() / ((System.nanoTime() - startNs) / 1e9);
        }
        java.util.Arrays.sort(perSecond);
        out.printf(Locale.ROOT, "kafka checker: %,d events, best %,.0f events/s, median %,.0f events/s, verdict %s%n",
                history.size(), perSecond[KAFKA_RUNS - 1], perSecond[KAFKA_RUNS / 2],
                result.verdict().name().toLowerCase(Locale.ROOT));
        out.flush();
        return ExitCodes.VALID;
    }

    /** Bridges the bench's PrintStream to the command's writer. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter out;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            out.print(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        }
    }
}
