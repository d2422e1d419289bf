package io.gregor.histories.kafka;

import static io.gregor.histories.kafka.TestHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Histories;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One small history per anomaly type, with its witnesses, and histories that have none. */
class KafkaCheckerTest {

    private static final KafkaCheckerOptions DEFAULTS = KafkaCheckerOptions.defaults();

    private static CheckResult check(History h) {
        return KafkaChecker.check(h, DEFAULTS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> errorTypes(CheckResult r) {
        return (List<String>) r.details().get("error-types");
    }

    @SuppressWarnings("unchecked")
    private static List<String> badTypes(CheckResult r) {
        return (List<String>) r.details().get("bad-error-types");
    }

    private static Anomaly only(CheckResult r, String type) {
        List<Anomaly> of = r.anomalies().stream().filter(a -> a.type().equals(type)).toList();
        assertThat(of).as("anomalies of type %s in %s", type, r.anomalies()).hasSize(1);
        return of.get(0);
    }

    private static List<Long> witnessIndexes(Anomaly a) {
        return a.witnesses().stream().map(Op::index).toList();
    }

    /** Three sends to key 0, read in order by two consumers. */
    private static final String THREE_SENDS = """
            {:process 0, :type :ok, :f :send, :value [[:send 0 [0 1]]]}
            {:process 0, :type :ok, :f :send, :value [[:send 0 [1 2]]]}
            {:process 0, :type :ok, :f :send, :value [[:send 0 [2 3]]]}
            """;

    @Test
    void aValidHistoryHasNoAnomaly() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :assign, :value [0]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2]]}]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[2 3]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                {:process :nemesis, :type :info, :f :start-partition, :value nil}
                {:process :nemesis, :type :info, :f :start-partition, :value :majority}
                """);
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withExpectFinalReadAll(true).withWwDeps(true));
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.anomalies()).isEmpty();
        assertThat(errorTypes(r)).isEmpty();
        assertThat(r.checker()).isEqualTo("kafka");
        assertThat(((Map<?, ?>) r.details().get("unseen")).get("final-count")).isEqualTo(0L);
    }

    @Test
    void aHistoryWithoutKafkaOperationsIsUnknown() {
        History h = history("""
                {:process 0, :type :ok, :f :write, :value 3}
                {:process 0, :type :ok, :f :read, :value 3}
                """);
        CheckResult r = check(h);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.details().get("reason")).asString().contains("no send, poll or txn");
    }

    @Test
    void theJepsenSampleHistoryIsValid() throws IOException {
        History h;
        try (InputStream in = getClass().getResourceAsStream("/histories/jepsen-kafka-lines.edn")) {
            h = Histories.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withExpectFinalReadAll(true));
        assertThat(r.anomalies()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void lostWrite() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[2 3]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(errorTypes(r)).containsExactly("lost-write", "unseen"); // a lost value is also never seen
        assertThat(badTypes(r)).containsExactly("lost-write");
        Anomaly a = only(r, "lost-write");
        assertThat(witnessIndexes(a)).containsExactly(3L, 9L); // the send of 2, the poll that read past it
        assertThat(a.explanation()).contains("key 0 value 2 (offset 1)").contains("up to offset 2");
    }

    @Test
    void aWriteNotYetReachedByAnyPollIsUnseenNotLost() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2]]}]]}
                """);
        CheckResult lenient = check(h);
        assertThat(lenient.verdict()).isEqualTo(Verdict.VALID);
        assertThat(errorTypes(lenient)).containsExactly("unseen");
        assertThat(witnessIndexes(only(lenient, "unseen"))).containsExactly(5L);
        CheckResult strict = KafkaChecker.check(h, DEFAULTS.withExpectFinalReadAll(true));
        assertThat(strict.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(badTypes(strict)).containsExactly("unseen");
        Map<?, ?> unseen = (Map<?, ?>) strict.details().get("unseen");
        assertThat(unseen.get("final-count")).isEqualTo(1L);
        assertThat(unseen.get("by-key")).isEqualTo(Map.of(0L, 1L));
        assertThat(unseen.get("messages")).isEqualTo(Map.of(0L, List.of(3L)));
        List<Object> series = ((List<?>) unseen.get("series")).stream().map(p -> ((Map<?, ?>) p).get("unseen"))
                .map(Object.class::cast).toList();
        assertThat(series).containsExactly(1L, 2L, 3L, 1L);
    }

    @Test
    void duplicate() {
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send 0 [0 1]]]}
                {:process 0, :type :ok, :f :send, :value [[:send 0 [1 2]]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("duplicate");
        Anomaly a = only(r, "duplicate");
        assertThat(a.explanation()).contains("value 1 appears at 2 offsets [0, 2]");
        assertThat(witnessIndexes(a)).containsExactly(1L, 5L);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void inconsistentOffsets() {
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send 0 [0 1]]]}
                {:process 1, :type :ok, :f :send, :value [[:send 0 [0 2]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).contains("inconsistent-offsets");
        Anomaly a = only(r, "inconsistent-offsets");
        assertThat(a.explanation()).contains("key 0 offset 0 holds 2 different values [1 2]");
        assertThat(witnessIndexes(a)).containsExactly(1L, 3L);
        assertThat(badTypes(r)).contains("inconsistent-offsets");
    }

    @Test
    void abortedRead() {
        History h = history("""
                {:process 0, :type :fail, :f :send, :value [[:send 0 1]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("G1a");
        assertThat(witnessIndexes(only(r, "G1a"))).containsExactly(1L, 3L);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void precommittedRead() {
        History h = history("""
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [0 1]] [:poll {0 [[0 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("precommitted-read");
        assertThat(witnessIndexes(only(r, "precommitted-read"))).containsExactly(1L);
    }

    @Test
    void pollSkipBetweenTwoPollsOfOneConsumer() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[2 3]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("poll-skip");
        Anomaly a = only(r, "poll-skip");
        assertThat(witnessIndexes(a)).containsExactly(7L, 9L);
        assertThat(a.explanation()).contains("skipping 1 value [2]");
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void nonmonotonicPoll() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2]]}]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[1 2] [2 3]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("nonmonotonic-poll");
        assertThat(witnessIndexes(only(r, "nonmonotonic-poll"))).containsExactly(7L, 9L);
    }

    @Test
    void anAssignmentStartsAfresh() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                {:process 1, :type :ok, :f :assign, :value [1]}
                {:process 1, :type :ok, :f :assign, :value [0 1]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[2 3]]}]]}
                {:process 1, :type :fail, :f :assign, :value [1]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r = check(h);
        // the failed assign changed nothing: going back from offset 2 to 0 is still nonmonotonic
        assertThat(errorTypes(r)).containsExactly("nonmonotonic-poll");
    }

    @Test
    void withSubscribeRebalancesExcusePollSkips() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :subscribe, :value [0]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1]]}]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[2 3]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("poll-skip");
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        CheckResult strict = KafkaChecker.check(h, DEFAULTS.withAllowPollSkipsWhenSubscribed(false));
        assertThat(strict.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void internalPollSkipAndNonmonotonicPoll() {
        History skip = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [2 3]]}]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r = check(skip);
        assertThat(errorTypes(r)).containsExactly("int-poll-skip");
        assertThat(witnessIndexes(only(r, "int-poll-skip"))).containsExactly(7L);

        History back = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[1 2]]}] [:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r2 = check(back);
        assertThat(errorTypes(r2)).containsExactly("int-nonmonotonic-poll");
        assertThat(only(r2, "int-nonmonotonic-poll").explanation()).contains("value 2 (offset 1) then value 1");
    }

    @Test
    void aRebalanceLogExcusesInternalPollSkips() {
        History h = history(THREE_SENDS + """
                {:process 1, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [2 3]]}]], :rebalance-log [{:keys [0]}]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        assertThat(errorTypes(check(h))).isEmpty();
    }

    @Test
    void nonmonotonicSend() {
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send 0 [1 1]]]}
                {:process 1, :type :ok, :f :send, :value [[:send 0 [0 2]]]}
                {:process 0, :type :ok, :f :send, :value [[:send 0 [0 3]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 2] [1 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).contains("nonmonotonic-send");
        assertThat(witnessIndexes(only(r, "nonmonotonic-send"))).containsExactly(1L, 5L);
    }

    @Test
    void internalSendSkipIsReportedButAllowed() {
        History h = history("""
                {:process 0, :type :invoke, :f :txn, :value [[:send 0 1] [:send 0 3]]}
                {:process 1, :type :ok, :f :send, :value [[:send 0 [1 2]]]}
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [0 1]] [:send 0 [2 3]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2] [2 3]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("int-send-skip");
        assertThat(witnessIndexes(only(r, "int-send-skip"))).containsExactly(3L);
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void internalNonmonotonicSend() {
        History h = history("""
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [1 1]] [:send 0 [0 2]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 2] [1 1]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).containsExactly("int-nonmonotonic-send");
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void keywordKeysAndValuesWorkToo() {
        // a at offset 0 is overwritten by b at offset 0; c at 2 was read, so a should have been too
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send :x [0 :a]]]}
                {:process 1, :type :ok, :f :send, :value [[:send :x [0 :b]] [:send :x [2 :c]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {:x [[0 :b] [2 :c]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).contains("inconsistent-offsets", "lost-write");
        assertThat(only(r, "lost-write").explanation()).contains("key :x value :a");
    }

    @Test
    void aSendWithoutAnOffsetIsPlacedByThePollsThatReadIt() {
        // the send of :c never learned its offset; a poll shows :b between :a and :c, and :c at 3
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send :x [1 :a]] [:send :x :c]]}
                {:process 1, :type :ok, :f :poll, :value [[:poll {:x [[1 :a] [2 :b] [3 :c]]}]]}
                {:process 2, :type :info, :f :send, :value [[:send :y :d] [:send :y :b]]}
                {:process 3, :type :info, :f :poll, :value [[:poll {:y [[2 :b] [3 :c] [4 :d]]}]]}
                """);
        CheckResult r = check(h);
        assertThat(errorTypes(r)).contains("int-send-skip", "int-nonmonotonic-send");
        assertThat(only(r, "int-nonmonotonic-send").explanation()).contains("key :y value :d");
    }

    @Test
    void writeCyclesAreG0AndAllowed() {
        History h = history("""
                {:process 0, :type :invoke, :f :txn, :value [[:send 0 1] [:send 1 2]]}
                {:process 1, :type :invoke, :f :txn, :value [[:send 0 3] [:send 1 4]]}
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [0 1]] [:send 1 [1 2]]]}
                {:process 1, :type :ok, :f :txn, :value [[:send 0 [1 3]] [:send 1 [0 4]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 3]], 1 [[0 4] [1 2]]}]]}
                """);
        CheckResult withWw = KafkaChecker.check(h, DEFAULTS.withWwDeps(true));
        assertThat(errorTypes(withWw)).contains("G0");
        assertThat(witnessIndexes(only(withWw, "G0"))).containsExactlyInAnyOrder(2L, 3L);
        assertThat(withWw.verdict()).isEqualTo(Verdict.VALID);
        assertThat(errorTypes(check(h))).doesNotContain("G0");
    }

    @Test
    void circularInformationFlowIsG1cAndForbidden() {
        History h = history("""
                {:process 0, :type :invoke, :f :txn, :value [[:send 0 1] [:poll]]}
                {:process 1, :type :invoke, :f :txn, :value [[:send 1 2] [:poll]]}
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [0 1]] [:poll {1 [[0 2]]}]]}
                {:process 1, :type :ok, :f :txn, :value [[:send 1 [0 2]] [:poll {0 [[0 1]]}]]}
                """);
        for (KafkaCheckerOptions options : List.of(DEFAULTS, DEFAULTS.withWwDeps(true))) {
            CheckResult r = KafkaChecker.check(h, options);
            assertThat(errorTypes(r)).containsExactly("G1c");
            assertThat(witnessIndexes(only(r, "G1c"))).containsExactlyInAnyOrder(2L, 3L);
            assertThat(only(r, "G1c").explanation()).contains("-wr key").contains("write-read edges only");
            assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        }
    }

    @Test
    void aCycleThroughAnEarlierReadIsFoundThroughTheWriteChain() {
        // op 1 sends key 0 (offset 0) and key 1 (offset 1); op 5 polls key 0 up to offset 1 and sent key 1 first.
        // ww: op 5 -> op 1 on key 1; wr: op 1 -> op 5 (an earlier read, reached via op 1 -ww-> op 3 -wr-> op 5)
        History h = history("""
                {:process 0, :type :ok, :f :txn, :value [[:send 0 [0 1]] [:send 1 [1 2]]]}
                {:process 1, :type :ok, :f :send, :value [[:send 0 [1 3]]]}
                {:process 2, :type :invoke, :f :txn, :value [[:send 1 4] [:poll]]}
                {:process 2, :type :ok, :f :txn, :value [[:send 1 [0 4]] [:poll {0 [[0 1] [1 3]]}]]}
                {:process 3, :type :ok, :f :poll, :value [[:poll {1 [[0 4] [1 2]]}]]}
                """);
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withWwDeps(true));
        assertThat(errorTypes(r)).containsExactly("G1c");
        assertThat(witnessIndexes(only(r, "G1c"))).contains(1L, 5L);
        assertThat(r.verdict()).isEqualTo(Verdict.VALID); // Kafka does not isolate writes
    }

    @Test
    void readSkewIsGSingleAndAllowed() {
        // op 3 polls key 1 and sees T2's send there, but on key 0 stops before T2's send: one rw edge back
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send 0 [0 1]]]}
                {:process 1, :type :ok, :f :txn, :value [[:send 0 [1 2]] [:send 1 [0 3]]]}
                {:process 2, :type :ok, :f :poll, :value [[:poll {1 [[0 3]], 0 [[0 1]]}]]}
                {:process 3, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 2]], 1 [[0 3]]}]]}
                """);
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withRwDeps(true));
        assertThat(errorTypes(r)).containsExactly("G-single");
        assertThat(witnessIndexes(only(r, "G-single"))).containsExactlyInAnyOrder(3L, 5L);
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(errorTypes(check(h))).isEmpty(); // rw edges are off by default
    }

    @Test
    void twoAntiDependenciesMakeG2() {
        History h = history("""
                {:process 0, :type :ok, :f :send, :value [[:send 0 [0 1]]]}
                {:process 0, :type :ok, :f :send, :value [[:send 1 [0 2]]]}
                {:process 1, :type :invoke, :f :txn, :value [[:poll] [:send 1 3]]}
                {:process 2, :type :invoke, :f :txn, :value [[:poll] [:send 0 4]]}
                {:process 1, :type :ok, :f :txn, :value [[:poll {0 [[0 1]]}] [:send 1 [1 3]]]}
                {:process 2, :type :ok, :f :txn, :value [[:poll {1 [[0 2]]}] [:send 0 [1 4]]]}
                {:process 3, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [1 4]], 1 [[0 2] [1 3]]}]]}
                """);
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withRwDeps(true));
        assertThat(errorTypes(r)).containsExactly("G2");
        assertThat(witnessIndexes(only(r, "G2"))).containsExactlyInAnyOrder(6L, 7L);
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void infoSendsCountOnlyWhenSeen() {
        History h = history("""
                {:process 0, :type :info, :f :send, :value [[:send 0 1]]}
                {:process 1, :type :info, :f :send, :value [[:send 0 2]]}
                {:process 2, :type :ok, :f :send, :value [[:send 0 [2 3]]]}
                {:process 3, :type :ok, :f :poll, :value [[:poll {0 [[0 1] [2 3]]}]]}
                """);
        CheckResult r = KafkaChecker.check(h, DEFAULTS.withExpectFinalReadAll(true));
        // 1 was read (so its send took effect); 2 never appeared anywhere: no offset, no loss, no skip
        assertThat(errorTypes(r)).isEmpty();
    }

    @Test
    void witnessesAreCappedButEverythingIsCounted() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            text.append("{:process 0, :type :ok, :f :send, :value [[:send 0 [").append(i).append(' ').append(i)
                    .append("]]]}\n");
        }
        text.append("{:process 1, :type :ok, :f :poll, :value [[:poll {0 [[19 19]]}]]}\n");
        CheckResult r = KafkaChecker.check(history(text.toString()), DEFAULTS.withMaxWitnessesPerType(3));
        assertThat(((Map<?, ?>) r.details().get("counts")).get("lost-write")).isEqualTo(19L);
        assertThat(r.anomalies()).filteredOn(a -> a.type().equals("lost-write")).hasSize(3);
    }
}
