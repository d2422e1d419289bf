package io.gregor.histories.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.Histories;
import io.gregor.histories.History;
import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryFormatsTest {

    static String resource(String name) throws IOException {
        try (InputStream in = HistoryFormatsTest.class.getResourceAsStream("/histories/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Object> list(Object... xs) {
        return List.of(xs);
    }

    private static Keyword k(String name) {
        return Keyword.of(name);
    }

    @Test
    void readsJepsensKafkaHistoryOnePerLine() throws IOException {
        History h = Histories.read(new StringReader(resource("jepsen-kafka-lines.edn")));
        assertThat(h.size()).isEqualTo(26);
        Op sendOk = h.get(3);
        assertThat(sendOk.type()).isEqualTo(Op.Type.OK);
        assertThat(sendOk.f()).isEqualTo("send");
        assertThat(sendOk.process()).isEqualTo(1L);
        assertThat(sendOk.timeNs()).isEqualTo(23019874L);
        assertThat(sendOk.value()).isEqualTo(list(list(k("send"), 3L, list(12L, 7L))));
        Op pollOk = h.get(7);
        assertThat(pollOk.value()).isEqualTo(list(list(k("poll"), Map.of(3L, list(list(12L, 7L), list(13L, 8L))))));
        assertThat(pollOk.extra()).containsEntry("poll-ms", 100L);
        Op nemesis = h.get(9);
        assertThat(nemesis.process()).isEqualTo(k("nemesis"));
        assertThat(nemesis.value()).isEqualTo(list(k("isolated"),
                Map.of("n1", Set.of("n2", "n3"), "n2", Set.of("n1"), "n3", Set.of("n1"))));
        assertThat(h.completionOf(8)).isSameAs(nemesis);
        Op txn = h.get(12);
        assertThat(txn.value()).isEqualTo(list(list(k("send"), 4L, list(0L, 9L)), list(k("poll"), Map.of()),
                list(k("send"), 3L, list(15L, 10L))));
        assertThat(txn.extra()).containsEntry("rebalance-log", list(Map.of(k("keys"), list(3L, 4L))));
        assertThat(h.get(13).error()).isEqualTo(list(k("not-leader-or-follower"),
                "This server is not the leader for that topic-partition."));
        assertThat(h.get(15).error()).isEqualTo(k("timeout"));
        assertThat(h.get(21).type()).isEqualTo(Op.Type.INFO);
        assertThat(h.get(16).f()).isEqualTo("subscribe");
    }

    @Test
    void readsAVectorOfTaggedOpRecords() throws IOException {
        History h = Histories.read(new StringReader(resource("jepsen-kafka-vector.edn")));
        assertThat(h.size()).isEqualTo(10);
        assertThat(h.ops()).extracting(Op::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(h.get(6).timeNs()).isEqualTo(7000L);
        assertThat(h.get(9).value()).isEqualTo(list(list(k("poll"), Map.of(0L, list(list(1L, 3L))))));
    }

    @Test
    void ednRoundTripsExactly() throws IOException {
        for (String name : List.of("jepsen-kafka-lines.edn", "jepsen-kafka-vector.edn")) {
            History h = Histories.read(new StringReader(resource(name)));
            StringWriter out = new StringWriter();
            Histories.write(h, out, Histories.Format.EDN);
            History again = Histories.read(new StringReader(out.toString()));
            assertThat(again.ops()).isEqualTo(h.ops());
        }
    }

    @Test
    void ednIsWrittenInJepsensShape() throws IOException {
        History h = Histories.read(new StringReader(resource("jepsen-kafka-lines.edn")));
        String first = EdnHistory.toEdn(h.get(3));
        assertThat(first).isEqualTo("{:index 3, :time 23019874, :type :ok, :process 1, :f :send, "
                + ":value [[:send 3 [12 7]]]}");
        assertThat(EdnHistory.toEdn(h.get(7))).isEqualTo("{:index 7, :time 44123987, :type :ok, :process 0, "
                + ":f :poll, :value [[:poll {3 [[12 7] [13 8]]}]], :poll-ms 100}");
        // the file we were given was written by Jepsen in this very shape: we reproduce it line for line
        StringWriter out = new StringWriter();
        Histories.write(h, out, Histories.Format.EDN);
        assertThat(out.toString()).isEqualTo(resource("jepsen-kafka-lines.edn"));
    }

    @Test
    void jsonLinesRoundTripWithKeywordsAsStrings() throws IOException {
        History h = Histories.read(new StringReader(resource("jepsen-kafka-lines.edn")));
        StringWriter json = new StringWriter();
        Histories.write(h, json, Histories.Format.JSON_LINES);
        String text = json.toString();
        assertThat(text.lines().count()).isEqualTo(h.size());
        assertThat(text.lines().skip(3).findFirst().orElseThrow()).isEqualTo("{\"index\":3,\"time\":23019874,"
                + "\"process\":1,\"type\":\"ok\",\"f\":\"send\",\"value\":[[\"send\",3,[12,7]]]}");
        History fromJson = Histories.read(new StringReader(text));
        assertThat(fromJson.size()).isEqualTo(h.size());
        for (int i = 0; i < h.size(); i++) {
            assertThat(fromJson.get(i)).isEqualTo(keywordsAsStrings(h.get(i)));
        }
        StringWriter again = new StringWriter();
        Histories.write(fromJson, again, Histories.Format.JSON_LINES);
        assertThat(again.toString()).isEqualTo(text);
    }

    /** What JSON keeps of an op: keywords become strings (except a named process), sets become lists. */
    private static Op keywordsAsStrings(Op op) {
        Map<String, Object> extra = new LinkedHashMap<>();
        op.extra().forEach((key, v) -> extra.put(key, plain(v)));
        return new Op(op.index(), op.timeNs(), op.process(), op.type(), op.f(), plain(op.value()), plain(op.error()),
                extra);
    }

    private static Object plain(Object v) {
        if (v instanceof Keyword) {
            return ((Keyword) v).name();
        }
        if (v instanceof List || v instanceof Set) {
            List<Object> out = new ArrayList<>();
            for (Object x : (Iterable<?>) v) {
                out.add(plain(x));
            }
            return out;
        }
        if (v instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((key, x) -> out.put(key instanceof Keyword ? ((Keyword) key).name() : key,
                    plain(x)));
            return out;
        }
        return v;
    }

    @Test
    void jsonReadsAnArrayAndPlainTypes() throws IOException {
        History h = Histories.read(new StringReader("[\n{\"index\":0,\"time\":5,\"process\":0,\"type\":\"invoke\","
                + "\"f\":\"write\",\"value\":{\"x\":1.5,\"007\":true,\"-3\":null,\"12\":[1,\"a\"]}},\n"
                + "{\"index\":1,\"time\":6,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":null,"
                + "\"error\":\"none\",\"node\":\"n1\"}\n]"));
        Map<?, ?> value = (Map<?, ?>) h.get(0).value();
        assertThat(new ArrayList<Object>(value.keySet())).containsExactly("x", "007", -3L, 12L);
        assertThat(value.get("x")).isEqualTo(1.5);
        assertThat(value.get(12L)).isEqualTo(List.of(1L, "a"));
        assertThat(h.get(1).error()).isEqualTo("none");
        assertThat(h.get(1).extra()).containsEntry("node", "n1");
    }

    @Test
    void badInputIsOneLineNamingTheLine() {
        assertThatThrownBy(() -> Histories.read(new StringReader(
                "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"x\"}\n{\"index\":1,\"process\":0,\"type\":"
                        + "\"done\",\"f\":\"x\"}")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("line 2: type done is not one of invoke, ok, fail, info");
        assertThatThrownBy(() -> Histories.read(new StringReader(
                "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"x\"}\n{\"index\":1,\"process\":0,")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("line 2: JSON: ");
        assertThatThrownBy(() -> Histories.read(new StringReader(
                "{:index 0, :type :invoke, :process 0, :f :send}\n{:index 1, :type :ok, :process 1, :f :send}")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("line 2: ok send from process 1 with no invocation in flight");
        assertThatThrownBy(() -> Histories.read(new StringReader("{:index 0, :type :invoke, :f :send}")))
                .hasMessage("line 1: op has no process");
        assertThatThrownBy(() -> Histories.read(new StringReader("hello")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("not a history");
    }

    @Test
    void recognisesTheFormatFromTheContent() throws IOException {
        String edn = "\n  {:index 0, :time 1, :type :invoke, :process 0, :f :read, :value nil}";
        String json = "\n  {\"index\": 0, \"time\": 1, \"type\": \"invoke\", \"process\": 0, \"f\": \"read\"}";
        assertThat(Histories.read(new StringReader(edn)).get(0).f()).isEqualTo("read");
        assertThat(Histories.read(new StringReader(json)).get(0).f()).isEqualTo("read");
        assertThat(Histories.read(new StringReader("")).size()).isZero();
        assertThat(Histories.read(new StringReader("[]")).size()).isZero();
        assertThat(Histories.read(new StringReader("; only a comment\n")).size()).isZero();
        assertThat(Histories.read(new StringReader("\uFEFF" + json)).size()).isEqualTo(1);
        assertThat(Histories.read(new StringReader("\uFEFF" + edn)).size()).isEqualTo(1);
    }

    @Test
    void readsAndWritesFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        History h = Histories.read(new StringReader(resource("jepsen-kafka-vector.edn")));
        java.nio.file.Path edn = dir.resolve("history.edn");
        java.nio.file.Path jsonl = dir.resolve("history.jsonl");
        Histories.write(h, edn);
        Histories.write(h, jsonl);
        assertThat(java.nio.file.Files.readString(edn)).startsWith("{:index 0");
        assertThat(java.nio.file.Files.readString(jsonl)).startsWith("{\"index\":0");
        assertThat(Histories.read(edn).ops()).isEqualTo(h.ops());
        assertThat(Histories.read(jsonl).size()).isEqualTo(h.size());
    }

    @Test
    void unreadableFilesSayWhy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path missing = dir.resolve("missing.edn");
        assertThatThrownBy(() -> Histories.read(missing)).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("missing.edn").hasMessageContaining("no such history file");
        java.nio.file.Path binary = dir.resolve("binary.jsonl");
        java.nio.file.Files.write(binary, new byte[] {'{', ':', 'a', ' ', (byte) 0xff, (byte) 0xfe, '}'});
        assertThatThrownBy(() -> Histories.read(binary)).isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("not UTF-8 text");
        String deep = "[".repeat(10_000);
        assertThatThrownBy(() -> Histories.read(new StringReader("{:value " + deep)))
                .isInstanceOf(HistoryFormatException.class).hasMessageContaining("nested more than 512 deep");
    }
}
