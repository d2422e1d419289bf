package io.gregor.histories.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Histories;
import io.gregor.histories.History;
import io.gregor.histories.kafka.KafkaChecker;
import io.gregor.histories.kafka.KafkaCheckerOptions;
import io.gregor.histories.kafka.KafkaHistoryGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    /** Process 1 misses value 2 (a lost write); the nemesis partitions the network meanwhile. */
    private static final String LOST_WRITE = """
            {:index 0, :time 1000000, :type :invoke, :process 0, :f :send, :value [[:send 0 1]]}
            {:index 1, :time 2000000, :type :ok, :process 0, :f :send, :value [[:send 0 [0 1]]]}
            {:index 2, :time 2500000, :type :info, :process :nemesis, :f :start-partition, :value nil}
            {:index 3, :time 2600000, :type :info, :process :nemesis, :f :start-partition, :value :majority}
            {:index 4, :time 3000000, :type :invoke, :process 0, :f :send, :value [[:send 0 2]]}
            {:index 5, :time 4000000, :type :ok, :process 0, :f :send, :value [[:send 0 [1 2]]]}
            {:index 6, :time 4100000, :type :invoke, :process 2, :f :send, :value [[:send 0 4]]}
            {:index 7, :time 5000000, :type :invoke, :process 0, :f :send, :value [[:send 0 3]]}
            {:index 8, :time 6000000, :type :ok, :process 0, :f :send, :value [[:send 0 [2 3]]]}
            {:index 9, :time 6500000, :type :fail, :process 2, :f :send, :value [[:send 0 4]], :error :timeout}
            {:index 10, :time 7000000, :type :invoke, :process 1, :f :poll, :value [[:poll]]}
            {:index 11, :time 8000000, :type :ok, :process 1, :f :poll, :value [[:poll {0 [[0 1] [2 3]]}]]}
            {:index 12, :time 8500000, :type :info, :process :nemesis, :f :stop-partition, :value nil}
            {:index 13, :time 8600000, :type :info, :process :nemesis, :f :stop-partition, :value :healed}
            {:index 14, :time 9000000, :type :invoke, :process 3, :f :poll, :value [[:poll]]}
            """;

    private static History lostWrite() throws IOException {
        return Histories.read(new StringReader(LOST_WRITE));
    }

    @Test
    void resultsJsonHoldsTheVerdictTheSummaryAndTheWitnesses(@TempDir Path dir) throws IOException {
        History h = lostWrite();
        CheckResult r = KafkaChecker.check(h, KafkaCheckerOptions.defaults());
        Path file = dir.resolve("results.json");
        ResultsJson.write(h, List.of(r), file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("invalid");
        assertThat(json.get("exit-code").asInt()).isEqualTo(1);
        assertThat(json.get("valid?").asBoolean()).isFalse();
        assertThat(json.get("history").get("events").asInt()).isEqualTo(15);
        assertThat(json.get("history").get("outcomes-by-f").get("send").get("ok").asInt()).isEqualTo(3);
        JsonNode kafka = json.get("results").get(0);
        assertThat(kafka.get("checker").asText()).isEqualTo("kafka");
        assertThat(kafka.get("details").get("bad-error-types").toString()).contains("lost-write");
        JsonNode lost = kafka.get("anomalies").get(0);
        assertThat(lost.get("type").asText()).isEqualTo("lost-write");
        assertThat(lost.get("witnesses").get(0).get("index").asInt()).isEqualTo(5);
        assertThat(lost.get("witnesses").get(0).get("value").toString()).isEqualTo("[[\"send\",0,[1,2]]]");
    }

    @Test
    void theTimelineHasEveryLaneTheWitnessesAndTheFaults(@TempDir Path dir) throws IOException {
        History h = lostWrite();
        CheckResult r = KafkaChecker.check(h, KafkaCheckerOptions.defaults());
        Path file = dir.resolve("timeline.html");
        TimelineReport.write(h, List.of(r), file);
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
        for (String process : List.of("0", "1", "2", "3")) {
            assertThat(html).contains("<g class=\"lane\" data-process=\"" + process + "\">")
                    .contains(">process " + process + "</text>");
        }
        assertThat(html).doesNotContain("data-process=\":nemesis\"");
        // the witnesses: the send of 2 (invoked at index 4) and the poll that read past it (invoked at 10)
        assertThat(witnessIds(html)).containsExactly("op-4", "op-10");
        assertThat(html).contains("class=\"witness-label\"").contains(">lost-write, unseen</text>")
                .contains(">lost-write, int-poll-skip</text>");
        assertThat(html).contains("class=\"op fail\"").contains("class=\"op pending\"");
        assertThat(html).contains("<g class=\"fault\">").contains(">partition</text>");
        assertThat(html).contains("href=\"#op-4\"");
        // self-contained: nothing to fetch
        assertThat(html).doesNotContain("<script src").doesNotContain("<link").doesNotContain("http://www.w3.org/1999")
                .doesNotContain("https://");
    }

    private static List<String> witnessIds(String html) {
        Matcher m = Pattern.compile("<rect id=\"(op-\\d+)\" class=\"op [a-z]+ witness\"").matcher(html);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void aLargeHistoryIsDrawnInAWindowAroundTheFirstWitness() {
        History h = KafkaHistoryGenerator.generate(3, KafkaHistoryGenerator.Config.typical(3_000));
        CheckResult r = KafkaChecker.check(h, KafkaCheckerOptions.defaults());
        String html = new TimelineReport(500).render(h, List.of(r));
        assertThat(html).contains("Drawing client operations 0–499 of");
        assertThat(Pattern.compile("<rect id=\"op-").matcher(html).results().count()).isEqualTo(500);
        assertThat(html).contains("<h2>No anomalies</h2>");
    }

    @Test
    void escapesWhatItPrints() {
        assertThat(Html.escape("<a href=\"x\">&'\n")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&#10;");
        assertThat(TimelinePage.tickStepNs(1)).isEqualTo(1);
        assertThat(TimelinePage.tickStepNs(100)).isEqualTo(10);
        assertThat(TimelinePage.tickStepNs(1_000_000_000)).isEqualTo(100_000_000);
        assertThat(TimelinePage.tickStepNs(30)).isEqualTo(5);
    }
}
