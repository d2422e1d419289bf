package io.gregor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gregor.histories.Anomaly;
import io.gregor.histories.Histories;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.mutation.Mutation;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run directory: history.jsonl and .edn, results.json, timeline.html, schedule.txt and, when kept, trace.txt. */
final class RunFiles {

    private RunFiles() {
    }

    static void write(Path dir, JobResult r) {
        try {
            Files.createDirectories(dir);
            History history = History.of(r.history());
            Histories.write(history, dir.resolve("history.jsonl"));
            Histories.write(history, dir.resolve("history.edn")); // the same, in the form Jepsen's tools read
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("results.json").toFile(), results(r));
            Reports.timeline(history, r.historyCheck(), dir.resolve("timeline.html"));
            Files.writeString(dir.resolve("schedule.txt"), io.gregor.sim.FaultScheduleText.format(r.schedule()));
            if (!r.traceLines().isEmpty()) {
                Files.write(dir.resolve("trace.txt"), r.traceLines(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> results(JobResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", r.options().seed());
        out.put("swarm", r.swarmLine());
        List<String> mutations = new ArrayList<>();
        for (Mutation m : r.options().mutations().enabled()) {
            mutations.add(m.cliName());
        }
        out.put("mutations", mutations);
        out.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
        out.put("trace-hash", r.traceHash());
        out.put("events", r.events());
        out.put("simulated-ns", r.simulatedNs());
        out.put("faults", r.faults());
        List<Map<String, Object>> invariants = new ArrayList<>();
        for (InvariantResult i : r.invariants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("held", i.held());
            m.put("checks", i.checks());
            m.put("violations", i.violations());
            invariants.add(m);
        }
        out.put("invariants", invariants);
        out.put("history-check", Reports.checkResultAsMap(r.historyCheck()));
        return out;
    }

    static Map<String, Object> opAsMap(Op op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", op.index());
        m.put("time", op.timeNs());
        m.put("process", String.valueOf(op.process()));
        m.put("type", op.type().jepsenName());
        m.put("f", op.f());
        m.put("value", String.valueOf(op.value()));
        return m;
    }

    static List<Map<String, Object>> anomalies(List<Anomaly> anomalies) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Anomaly a : anomalies) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", a.type());
            m.put("explanation", a.explanation());
            List<Map<String, Object>> witnesses = new ArrayList<>();
            for (Op w : a.witnesses()) {
                witnesses.add(opAsMap(w));
            }
            m.put("witnesses", witnesses);
            out.add(m);
        }
        return out;
    }
}
