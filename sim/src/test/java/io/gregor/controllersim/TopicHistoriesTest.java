package io.gregor.controllersim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.linear.Budget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-topic split and check of admin histories. */
class TopicHistoriesTest {

    private final List<Op> history = new ArrayList<>();

    /** One whole operation by {@code process}: invoke then completion, in sequence. */
    private TopicHistoriesTest op(long process, String topic, String op, Op.Type outcome, Object readValue) {
        String f = op.equals("describe") ? "read" : "cas";
        Object value = op.equals("create") ? Arrays.asList(null, 1L) : op.equals("delete") ? Arrays.asList(1L, null)
                : null;
        Map<String, Object> extra = Map.of(TopicHistories.TOPIC, topic);
        history.add(new Op(history.size(), history.size(), process, Op.Type.INVOKE, f, value, null, extra));
        history.add(new Op(history.size(), history.size(), process, outcome, f, f.equals("read") ? readValue : value,
                null, extra));
        return this;
    }

    private Verdict verdict() {
        return TopicHistories.check(history, Budget.ofMillis(2_000)).verdict();
    }

    @Test
    void twoSuccessfulCreatesOfOneTopicAreNotLinearizable() {
        op(0, "a", "create", Op.Type.OK, null).op(1, "a", "create", Op.Type.OK, null);
        assertThat(verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void topicsAreIndependentRegisters() {
        op(0, "a", "create", Op.Type.OK, null).op(1, "b", "create", Op.Type.OK, null)
                .op(0, "a", "describe", Op.Type.OK, 1L).op(1, "b", "describe", Op.Type.OK, 1L);
        assertThat(verdict()).isEqualTo(Verdict.VALID);
        assertThat(TopicHistories.byTopic(history)).containsOnlyKeys("a", "b");
        assertThat(TopicHistories.byTopic(history).get("a")).extracting(Op::index).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aFailedCreateObservedTheTopic() {
        op(0, "a", "create", Op.Type.OK, null).op(1, "a", "create", Op.Type.FAIL, null)
                .op(1, "a", "delete", Op.Type.OK, null).op(0, "a", "describe", Op.Type.OK, null);
        assertThat(verdict()).isEqualTo(Verdict.VALID);
        history.clear();
        op(0, "a", "create", Op.Type.FAIL, null);
        assertThat(verdict()).as("nothing created, yet the create saw a topic").isEqualTo(Verdict.INVALID);
    }

    @Test
    void aStaleReadAfterADeleteIsCaught() {
        op(0, "a", "create", Op.Type.OK, null).op(0, "a", "delete", Op.Type.OK, null)
                .op(1, "a", "describe", Op.Type.OK, 1L);
        assertThat(verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void anOpWithoutATopicIsRejectedWithAClearMessage() {
        history.add(new Op(0, 0, 0L, Op.Type.INVOKE, "read", null, null));
        assertThatThrownBy(() -> TopicHistories.byTopic(history)).hasMessage("op 0 names no topic");
    }
}
