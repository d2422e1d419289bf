package io.gregor.histories.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.format.JsonLinesHistory;
import io.gregor.histories.format.JsonValues;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code results.json}: the overall verdict, a summary of the history, and each checker's result with
 * its anomalies (type, explanation, witness ops in the JSON lines shape) and details. Field names follow
 * Jepsen's hyphenated style. Shape:
 *
 * <pre>{@code
 * {"verdict": "invalid", "exit-code": 1, "valid?": false,
 *  "history": {"events": ..., "operations": ..., "outcomes-by-f": {...}, ...},
 *  "results": [{"checker": "kafka", "verdict": "invalid", "valid?": false,
 *               "anomalies": [{"type": "lost-write", "explanation": "...", "witnesses": [{op}, ...]}],
 *               "details": {...}}]}
 * }</pre>
 */
public final class ResultsJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ResultsJson() {
    }

    /** Writes the report to {@code file}, replacing it. */
    public static void write(History history, List<CheckResult> results, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, results, out);
        }
    }

    /** Writes the report to {@code out} (flushed, not closed). */
    public static void write(History history, List<CheckResult> results, Writer out) throws IOException {
        Verdict overall = combined(results);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.useDefaultPrettyPrinter();
            gen.writeStartObject();
            gen.writeStringField("verdict", overall.name().toLowerCase(java.util.Locale.ROOT));
            gen.writeNumberField("exit-code", overall.exitCode());
            writeValid(overall, gen);
            gen.writeFieldName("history");
            JsonValues.write(history.summary().toMap(), gen);
            gen.writeArrayFieldStart("results");
            for (CheckResult result : results) {
                writeResult(result, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** All verdicts combined: any invalid makes it invalid, else any unknown unknown; no checker is valid. */
    public static Verdict combined(List<CheckResult> results) {
        Verdict v = Verdict.VALID;
        for (CheckResult r : results) {
            v = v.and(r.verdict());
        }
        return v;
    }

    private static void writeResult(CheckResult result, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("checker", result.checker());
        gen.writeStringField("verdict", result.verdict().name().toLowerCase(java.util.Locale.ROOT));
        writeValid(result.verdict(), gen);
        gen.writeArrayFieldStart("anomalies");
        for (Anomaly a : result.anomalies()) {
            gen.writeStartObject();
            gen.writeStringField("type", a.type());
            gen.writeStringField("explanation", a.explanation());
            gen.writeArrayFieldStart("witnesses");
            for (Op op : a.witnesses()) {
                JsonLinesHistory.writeOp(op, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeFieldName("details");
        JsonValues.write(result.details(), gen);
        gen.writeEndObject();
    }

    /** Jepsen's {@code :valid?}: true, false, or "unknown". */
    private static void writeValid(Verdict v, JsonGenerator gen) throws IOException {
        gen.writeFieldName("valid?");
        if (v == Verdict.UNKNOWN) {
            gen.writeString("unknown");
        } else {
            gen.writeBoolean(v == Verdict.VALID);
        }
    }
}
