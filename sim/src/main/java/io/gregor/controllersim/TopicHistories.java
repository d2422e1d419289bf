package io.gregor.controllersim;

import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.linear.Budget;
import io.gregor.histories.linear.Linearizability;
import io.gregor.histories.linear.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an admin history topic by topic: each topic name is its own compare-and-set register, so the history
 * splits into one sub-history per name (P-compositionality by hand: a history is linearizable iff every
 * object's sub-history is), each checked with {@code cas-register:failed-cas-observes}; the verdicts combine
 * with {@link Verdict#and}.
 */
public final class TopicHistories {

    /** The model every topic is checked against. */
    public static final String MODEL = "cas-register:failed-cas-observes";
    /** The field of an op's extra map naming its topic. */
    public static final String TOPIC = "topic";

    private TopicHistories() {
    }

    /** The history split by topic name (sorted), each sub-history re-indexed from 0 in its original order. */
    public static Map<String, List<Op>> byTopic(List<Op> history) {
        Map<String, List<Op>> out = new TreeMap<>();
        for (Op op : history) {
            Object topic = op.extra().get(TOPIC);
            if (!(topic instanceof String name)) {
                throw new IllegalArgumentException("op " + op.index() + " names no topic");
            }
            List<Op> part = out.computeIfAbsent(name, k -> new ArrayList<>());
            part.add(new Op(part.size(), op.timeNs(), op.process(), op.type(), op.f(), op.value(), op.error(),
                    op.extra()));
        }
        return out;
    }

    /** Checks every topic's sub-history within {@code budget} each and combines the verdicts. */
    public static CheckResult check(List<Op> history, Budget budget) {
        Verdict verdict = Verdict.VALID;
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, List<Op>> parts = byTopic(history);
        details.put("ops", history.size());
        details.put("topics", parts.size());
        for (Map.Entry<String, List<Op>> e : parts.entrySet()) {
            CheckResult r = Linearizability.check(e.getValue(), Models.byName(MODEL), budget);
            verdict = verdict.and(r.verdict());
            details.put("topic " + e.getKey(), r.verdict().name().toLowerCase(java.util.Locale.ROOT));
            for (Anomaly a : r.anomalies()) {
                anomalies.add(new Anomaly(a.type(), "topic " + e.getKey() + ": " + a.explanation(), a.witnesses()));
            }
        }
        return new CheckResult("linearizable/" + MODEL + " per topic", verdict, anomalies, details);
    }
}
