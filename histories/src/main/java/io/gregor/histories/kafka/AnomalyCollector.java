package io.gregor.histories.kafka;

import io.gregor.histories.Anomaly;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts every anomaly found and keeps the witnesses of the first few of each type, so that a badly broken
 * history of a million ops yields a readable result (Jepsen's {@code condense-error} keeps 8 or 32).
 */
final class AnomalyCollector {

    private final int maxPerType;
    private final Map<KafkaAnomalyType, Long> counts = new EnumMap<>(KafkaAnomalyType.class);
    private final Map<KafkaAnomalyType, List<Anomaly>> kept = new EnumMap<>(KafkaAnomalyType.class);
    /** Types found in a form that is forbidden even when the type is otherwise allowed (G1c of wr edges only). */
    private final Set<KafkaAnomalyType> forcedBad = EnumSet.noneOf(KafkaAnomalyType.class);

    AnomalyCollector(int maxPerType) {
        this.maxPerType = maxPerType;
    }

    /** Counts one anomaly of {@code type}; true if its witnesses should be kept ({@link #keep}). */
    boolean count(KafkaAnomalyType type) {
        long n = counts.merge(type, 1L, Long::sum);
        return n <= maxPerType;
    }

    /** Adds {@code n} anomalies of {@code type} at once (none kept). */
    void countMany(KafkaAnomalyType type, long n) {
        if (n > 0) {
            counts.merge(type, n, Long::sum);
        }
    }

    /** Keeps an anomaly's witnesses; call only after {@link #count} said so. */
    void keep(KafkaAnomalyType type, String explanation, List<Op> witnesses) {
        kept.computeIfAbsent(type, t -> new ArrayList<>()).add(new Anomaly(type.jepsenName(), explanation,
                witnesses));
    }

    /** Counts and, within the limit, keeps. */
    void add(KafkaAnomalyType type, String explanation, List<Op> witnesses) {
        if (count(type)) {
            keep(type, explanation, witnesses);
        }
    }

    void forceBad(KafkaAnomalyType type) {
        forcedBad.add(type);
    }

    Set<KafkaAnomalyType> forcedBad() {
        return forcedBad;
    }

    /** Types found, in the enum's order. */
    Set<KafkaAnomalyType> types() {
        return counts.isEmpty() ? EnumSet.noneOf(KafkaAnomalyType.class) : EnumSet.copyOf(counts.keySet());
    }

    long countOf(KafkaAnomalyType type) {
        return counts.getOrDefault(type, 0L);
    }

    /** The kept anomalies, grouped by type in the enum's order. */
    List<Anomaly> anomalies() {
        List<Anomaly> out = new ArrayList<>();
        for (List<Anomaly> list : kept.values()) {
            out.addAll(list);
        }
        return out;
    }
}
