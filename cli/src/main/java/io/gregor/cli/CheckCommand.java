package io.gregor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Histories;
import io.gregor.histories.History;
import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Op;
import io.gregor.histories.kafka.KafkaChecker;
import io.gregor.histories.kafka.KafkaCheckerOptions;
import io.gregor.histories.linear.Budget;
import io.gregor.histories.linear.Linearizability;
import io.gregor.histories.linear.Model;
import io.gregor.histories.linear.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gregor check FILE}: judges any history, ours or Jepsen's. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a history (JSON lines or Jepsen EDN) and write results.json and timeline.html.",
            "Exit 0 valid, 1 invalid, 2 unknown, 254 bad input."})
final class CheckCommand implements Callable<Integer> {

    static final Set<String> KAFKA_FUNCTIONS = Set.of("send", "poll", "txn", "assign", "subscribe");

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The history file.")
    Path file;

    @Option(names = "--bench", description = "Instead of checking a file, time the checkers on generated histories"
            + " (Porcupine's shapes, and a Kafka history of 1M events).")
    boolean bench;

    @Option(names = "--quick", description = "With --bench: smaller histories, for a quick look.")
    boolean quick;

    @Option(names = "--model", paramLabel = "M",
            description = "kafka, register, cas-register, cas-register:failed-cas-observes, kv, kafka-log"
                    + " (default: detected from the operations).")
    String model;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results.json and timeline.html go"
            + " (default: runs/check-NAME).")
    Path outDir;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up with 'unknown' after this long (default: ${DEFAULT-VALUE}).")
    long timeLimitSeconds;

    @Option(names = "--final-reads", description = "Kafka: the history ends with every partition read to its end,"
            + " so acknowledged sends still unseen are lost.")
    boolean finalReads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (timeLimitSeconds < 1) {
            throw new BadInputException("--time-limit must be at least 1 second");
        }
        if (bench) {
            return CheckerBench.run(out, quick);
        }
        if (file == null) {
            throw new BadInputException("a history FILE is required (or --bench)");
        }
        History history = read();
        String chosen = model != null ? model : detect(history);
        long startNs = System.nanoTime();
        CheckResult result = check(history, chosen);
        double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf(Locale.ROOT, "history: %s, %,d events, model %s%s%n", file, history.size(), chosen,
                model == null ? " (detected)" : "");
        out.printf(Locale.ROOT, "checker %s: %s in %.3f s%n", result.checker(),
                result.verdict().name().toLowerCase(Locale.ROOT), seconds);
        RunReport.anomalies(out, result.anomalies());
        Path dir = outDir != null ? outDir : Path.of("runs", "check-" + baseName(file));
        Files.createDirectories(dir);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("file", file.toString());
        results.put("model", chosen);
        results.put("summary", history.summary().toString());
        results.putAll(Reports.checkResultAsMap(result));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("results.json").toFile(), results);
        Reports.timeline(history, result, dir.resolve("timeline.html"));
        out.println("wrote " + dir.resolve("results.json") + " and " + dir.resolve("timeline.html"));
        out.println("verdict: " + result.verdict().name());
        out.flush();
        return result.verdict().exitCode();
    }

    private History read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such file: " + file);
        }
        try {
            return Histories.read(file);
        } catch (HistoryFormatException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new BadInputException("no such file: " + file);
        }
    }

    private CheckResult check(History history, String chosen) {
        if (chosen.equals("kafka")) {
            return KafkaChecker.check(history, KafkaCheckerOptions.defaults().withExpectFinalReadAll(finalReads));
        }
        Model<?, ?> m;
        try {
            m = Models.byName(chosen);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown model '" + chosen + "' (known: kafka, "
                    + String.join(", ", Models.NAMES) + ")");
        }
        return Linearizability.check(history.ops(), m, Budget.ofMillis(timeLimitSeconds * 1_000));
    }

    /** kafka for send/poll/txn histories, cas-register when there is a cas, kv for get/put/append, else register. */
    static String detect(History history) {
        boolean cas = false;
        boolean kv = false;
        boolean register = false;
        for (Op op : history) {
            if (!op.isClient()) {
                continue;
            }
            String f = op.f();
            if (KAFKA_FUNCTIONS.contains(f)) {
                return "kafka";
            }
            cas |= f.equals("cas");
            kv |= f.equals("get") || f.equals("put") || f.equals("append");
            register |= f.equals("read") || f.equals("write");
        }
        if (cas) {
            return "cas-register";
        }
        if (kv) {
            return "kv";
        }
        if (register) {
            return "register";
        }
        throw new BadInputException("cannot tell the model from the operations; pass --model");
    }

    private static String baseName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
