package io.gregor.histories.kafka;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a history of Kafka-like operations for the anomalies of Jepsen's Kafka workload.
 *
 * <p>The model, from the docs of jepsen.tests.kafka (https://jepsen-io.github.io/jepsen/jepsen.tests.kafka.html):
 * partitions are totally ordered append-only logs, each named by an integer <em>key</em>; each offset holds one
 * (unique) message. Clients run {@code send}, {@code poll} and {@code txn} operations whose value is a vector of
 * micro-ops — {@code [:send k v]} completing as {@code [:send k [offset v]]}, {@code [:poll]} completing as
 * {@code [:poll {k [[offset v] ...]}]} — and {@code assign} / {@code subscribe} operations whose value is a
 * vector of keys. The nemesis and other operations are ignored.
 *
 * <p>The analysis follows Jepsen's: build each partition's version order from the offsets ({@link
 * VersionOrders}); check what the logs hold ({@link LogAnomalies}: inconsistent-offsets, duplicate, G1a,
 * precommitted-read, lost-write); check the order consumers read and producers wrote ({@link OrderAnomalies});
 * count unseen values over time ({@link Unseen}); find dependency cycles ({@link DependencyCycles}). Each pass is
 * linear in the number of micro-ops (sorting offsets makes it n log n), so a million-op history takes about a
 * second.
 *
 * <p>The verdict is invalid when an anomaly type outside {@link KafkaCheckerOptions#allowedTypes(boolean)} was
 * found, unknown when the history has no send, poll or txn operation at all (probably not a Kafka history). The details hold, as in Jepsen's results: {@code error-types}, {@code bad-error-types}, {@code
 * allowed-error-types}, {@code counts}, {@code unseen} (final count, by key, first values, and the series over
 * time), {@code graph} figures and {@code stats}.
 */
public final class KafkaChecker {

    /** The checker's name in results. */
    public static final String NAME = "kafka";

    private final KafkaCheckerOptions options;

    public KafkaChecker(KafkaCheckerOptions options) {
        this.options = options;
    }

    /** A checker with {@link KafkaCheckerOptions#defaults()}. */
    public KafkaChecker() {
        this(KafkaCheckerOptions.defaults());
    }

    /** Checks {@code history} with {@code options}. */
    public static CheckResult check(History history, KafkaCheckerOptions options) {
        return new KafkaChecker(options).check(history);
    }

    /** Checks {@code history}. */
    public CheckResult check(History history) {
        KafkaIndex ix = KafkaIndex.build(history);
        VersionOrders vo = new VersionOrders(ix);
        AnomalyCollector found = new AnomalyCollector(options.maxWitnessesPerType());
        LogAnomalies.find(ix, vo, found);
        OrderAnomalies.find(ix, vo, found);
        Map<String, Object> unseen = Unseen.find(ix, found, options.unseenSeriesPoints());
        Map<String, Object> graph = DependencyCycles.find(ix, vo, options, found);

        Set<KafkaAnomalyType> allowed = options.allowedTypes(subscribes(history));
        List<String> errorTypes = new ArrayList<>();
        List<String> badTypes = new ArrayList<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (KafkaAnomalyType type : found.types()) {
            errorTypes.add(type.jepsenName());
            counts.put(type.jepsenName(), found.countOf(type));
            if (!allowed.contains(type) || found.forcedBad().contains(type)) {
                badTypes.add(type.jepsenName());
            }
        }
        List<String> allowedNames = new ArrayList<>();
        for (KafkaAnomalyType type : allowed) {
            allowedNames.add(type.jepsenName());
        }

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error-types", errorTypes);
        details.put("bad-error-types", badTypes);
        details.put("allowed-error-types", allowedNames);
        details.put("counts", counts);
        details.put("unseen", unseen);
        details.put("graph", graph);
        details.put("stats", stats(ix, vo));
        details.put("options", optionsMap());
        Verdict verdict = !badTypes.isEmpty() ? Verdict.INVALID : ix.txnCount == 0 ? Verdict.UNKNOWN : Verdict.VALID;
        if (ix.txnCount == 0) {
            details.put("reason", "no send, poll or txn operations: nothing to check");
        }
        return new CheckResult(NAME, verdict, found.anomalies(), details);
    }

    private static boolean subscribes(History history) {
        for (Op op : history) {
            if (op.isClient() && op.f().equals("subscribe")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> stats(KafkaIndex ix, VersionOrders vo) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("txns", (long) ix.txnCount);
        stats.put("keys", (long) ix.keyCount());
        stats.put("values", (long) ix.valueCount());
        stats.put("sends", (long) ix.wKey.length);
        stats.put("reads", (long) ix.rKey.length);
        long offsets = 0;
        for (int k = 0; k < ix.keyCount(); k++) {
            offsets += vo.length(k);
        }
        stats.put("offsets", offsets);
        return stats;
    }

    private Map<String, Object> optionsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expect-final-read-all", options.expectFinalReadAll());
        m.put("ww-deps", options.wwDeps());
        m.put("rw-deps", options.rwDeps());
        m.put("allow-poll-skips-when-subscribed", options.allowPollSkipsWhenSubscribed());
        return m;
    }
}
