package io.gregor.histories.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.histories.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus of histories with known verdicts (shared/corpus/porcupine, beside the repository): where it is, what
 * each file should get, and a minimal JSON-lines loader for it. The benchmark and the tests use it; the module's
 * general history readers live elsewhere, so this loader stays package-private and only as large as the corpus
 * needs.
 */
final class PorcupineCorpus {

    /** The corpus folder, relative to a folder that holds the repository. */
    static final String RELATIVE_PATH = "shared/corpus/porcupine";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One corpus file and its expected verdict. */
    record Entry(Path file, String model, boolean linearizable) {
        /** The checker model for the corpus's model name (its cas-register reads failed cas as observations). */
        Model<?, ?> checkerModel() {
            switch (model) {
                case "cas-register":
                    return CasRegisterModel.observingFailedCas();
                case "kv":
                    return new KvModel();
                default:
                    throw new IllegalArgumentException("corpus model \"" + model + "\" is not known to the checker");
            }
        }
    }

    private PorcupineCorpus() {
    }

    /**
     * The corpus folder found by walking up from {@code start} to a folder holding {@value #RELATIVE_PATH}, or an
     * {@link IllegalStateException} saying where it looked.
     */
    static Path locate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE_PATH + "/expected.json in " + start.toAbsolutePath()
                + " or any folder above it; clone the shared folder beside the repository");
    }

    /** Every corpus file with its expected verdict, in file-name order. */
    static List<Entry> entries(Path corpus) {
        try {
            JsonNode expected = JSON.readTree(corpus.resolve("expected.json").toFile());
            Map<String, Entry> byName = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    continue; // "unknown": files whose verdict the source does not state
                }
                byName.put(e.getKey(), new Entry(corpus.resolve(e.getKey()), e.getValue().path("model").asText(),
                        e.getValue().path("linearizable").asBoolean()));
            }
            return new ArrayList<>(byName.values());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + corpus.resolve("expected.json") + ": " + e.getMessage(), e);
        }
    }

    /** The history in one JSON-lines file. */
    static List<Op> read(Path file) {
        List<Op> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                Op.Type type = Op.Type.fromJepsen(node.path("type").asText());
                if (type == null) {
                    throw new IllegalArgumentException(file.getFileName() + " line " + lineNumber
                            + ": type must be invoke, ok, fail or info, not " + node.path("type"));
                }
                out.add(new Op(node.path("index").asLong(out.size()), node.path("time").asLong(),
                        plain(node.get("process")), type, node.path("f").asText(), plain(node.get("value")),
                        plain(node.get("error"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** JSON as the plain values {@link Op} holds: null, Long, Double, String, Boolean, List, Map. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                list.add(plain(e));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), plain(e.getValue()));
        }
        return map;
    }
}
