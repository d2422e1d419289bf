package io.gregor.histories.linear;

import static io.gregor.histories.linear.TestHistory.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stories about one partition's log: sends land at the next offset, polls read what is there. */
class KafkaLogModelTest {

    private static Verdict verdict(List<Op> history, Model<?, ?> model) {
        CheckResult result = Linearizability.check(history, model, Budget.ofMillis(10_000));
        return result.verdict();
    }

    private static Object send(String key, long value) {
        return map("key", key, "value", value);
    }

    private static Object sent(String key, long offset, long value) {
        return map("key", key, "offset", offset, "value", value);
    }

    private static Object poll(String key, long from) {
        return map("key", key, "from", from);
    }

    private static Object polled(String key, long from, List<?> values) {
        return map("key", key, "from", from, "values", values);
    }

    @Test
    void sendsTakeConsecutiveOffsetsAndPollsReadThem() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).ok(0, sent("t-0", 0, 10))
                .invoke(1, "send", send("t-0", 11)).ok(1, sent("t-0", 1, 11))
                .invoke(2, "poll", poll("t-0", 0)).ok(2, polled("t-0", 0, List.of(List.of(0L, 10L), List.of(1L, 11L))))
                .invoke(2, "poll", poll("t-0", 1)).ok(2, polled("t-0", 1, List.of(List.of(1L, 11L))))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.VALID);
        assertThat(verdict(history, KafkaLogModel.pollsReadToEnd())).isEqualTo(Verdict.VALID);
    }

    @Test
    void concurrentSendsMayLandInEitherOrder() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", send("t-0", 10))
                .invoke(1, "send", send("t-0", 11))
                .ok(0, sent("t-0", 1, 10))
                .ok(1, sent("t-0", 0, 11))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.VALID);
    }

    @Test
    void twoSendsAtOneOffsetAreNotLinearizable() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).ok(0, sent("t-0", 0, 10))
                .invoke(1, "send", send("t-0", 11)).ok(1, sent("t-0", 0, 11))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aPollCannotSeeAValueBeforeItsSendWasInvoked() {
        List<Op> history = new TestHistory()
                .invoke(2, "poll", poll("t-0", 0)).ok(2, polled("t-0", 0, List.of(List.of(0L, 10L))))
                .invoke(0, "send", send("t-0", 10)).ok(0, sent("t-0", 0, 10))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aPollWithAGapInItsOffsetsIsNotLinearizable() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).ok(0, sent("t-0", 0, 10))
                .invoke(0, "send", send("t-0", 11)).ok(0, sent("t-0", 1, 11))
                .invoke(2, "poll", poll("t-0", 0)).ok(2, polled("t-0", 0, List.of(List.of(1L, 11L))))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aShortPollIsABoundedFetchButAStaleReadWhenPollsReadToTheEnd() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).ok(0, sent("t-0", 0, 10))
                .invoke(0, "send", send("t-0", 11)).ok(0, sent("t-0", 1, 11))
                .invoke(2, "poll", poll("t-0", 0)).ok(2, polled("t-0", 0, List.of(List.of(0L, 10L))))
                .build();

        assertThat(verdict(history, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.VALID);
        assertThat(verdict(history, KafkaLogModel.pollsReadToEnd())).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aSendOfUnknownOutcomeMayOccupyAnOffsetOrNot() {
        List<Op> occupied = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).info(0, send("t-0", 10))
                .invoke(1, "send", send("t-0", 11)).ok(1, sent("t-0", 1, 11))
                .build();
        List<Op> notOccupied = new TestHistory()
                .invoke(0, "send", send("t-0", 10)).info(0, send("t-0", 10))
                .invoke(1, "send", send("t-0", 11)).ok(1, sent("t-0", 0, 11))
                .build();

        assertThat(verdict(occupied, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.VALID);
        assertThat(verdict(notOccupied, KafkaLogModel.boundedPolls())).isEqualTo(Verdict.VALID);
    }

    @Test
    void partitionsAreCheckedApartInTupleForm() {
        List<Op> history = new TestHistory()
                .invoke(0, "send", List.of("a", 10L)).ok(0, List.of("a", List.of(0L, 10L)))
                .invoke(1, "send", List.of("b", 20L)).ok(1, List.of("b", List.of(0L, 20L)))
                .invoke(2, "poll", List.of("b", 0L)).ok(2, List.of("b", List.of(List.of(0L, 20L))))
                .invoke(2, "poll", List.of("a", 0L)).ok(2, List.of("a", List.of(List.of(0L, 11L))))
                .build();

        CheckResult result = Linearizability.check(history, KafkaLogModel.boundedPolls(), Budget.ofMillis(10_000));

        assertThat(result.checker()).isEqualTo("linearizable/kafka-log");
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.details()).containsEntry("partitions", 2L).containsEntry("partitions-invalid", 1L);
        assertThat(result.anomalies()).singleElement().satisfies(a ->
                assertThat(a.explanation()).startsWith("part a:").contains("log of 1: [0 10]"));
    }

    @Test
    void aMalformedSendIsAOneLineError() {
        List<Op> history = new TestHistory().invoke(0, "send", send("t-0", 10)).ok(0, map("key", "t-0")).build();

        assertThatThrownBy(() -> verdict(history, KafkaLogModel.boundedPolls()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("history index 0: send expects a map with \"offset\"");
    }
}
