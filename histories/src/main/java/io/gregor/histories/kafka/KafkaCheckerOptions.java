package io.gregor.histories.kafka;

import java.util.EnumSet;
import java.util.Set;

/**
 * How the Kafka checker judges a history.
 *
 * @param expectFinalReadAll the history ends with the faults healed and every partition polled to its end (as
 *     Jepsen's final polls do): an acknowledged send still unseen then is an error. Without it, unseen values are
 *     reported but allowed — a consumer may simply not have caught up.
 * @param wwDeps infer write-write edges from the offset order (Jepsen's {@code --ww-deps}). Kafka does not
 *     isolate transactional writes from each other, so cycles through such edges (G0, G1c) are then allowed.
 * @param rwDeps infer read-write (anti-dependency) edges: a txn whose last read of a partition is at index i
 *     precedes the writer of index i + 1. They only ever add G-single and G2 cycles, which Kafka allows, and
 *     lagging consumers make such cycles common, so it is off by default (Jepsen draws no rw edges either).
 * @param allowPollSkipsWhenSubscribed when the history has {@code subscribe} operations, consumer-group
 *     rebalances may move a partition between consumers, so poll-skip and nonmonotonic-poll are allowed (as
 *     Jepsen does when {@code :sub-via} includes subscribe)
 * @param maxWitnessesPerType how many anomalies of each type keep their witnesses (all are counted)
 * @param unseenSeriesPoints at most this many points of the unseen-over-time series are reported
 * @param cycleSearchBudget at most this many graph steps are spent looking for G-single cycles (each
 *     strongly connected component is still classified; past the budget a G-single may be reported as G2)
 */
public record KafkaCheckerOptions(boolean expectFinalReadAll, boolean wwDeps, boolean rwDeps,
        boolean allowPollSkipsWhenSubscribed, int maxWitnessesPerType, int unseenSeriesPoints,
        long cycleSearchBudget) {

    public KafkaCheckerOptions {
        if (maxWitnessesPerType < 0 || unseenSeriesPoints < 2 || cycleSearchBudget < 0) {
            throw new IllegalArgumentException("bad options: " + maxWitnessesPerType + " witnesses per type, "
                    + unseenSeriesPoints + " unseen points, cycle budget " + cycleSearchBudget);
        }
    }

    /** Jepsen's defaults: no final read-all expectation, wr edges only, 8 witnesses per type. */
    public static KafkaCheckerOptions defaults() {
        return new KafkaCheckerOptions(false, false, false, true, 8, 200, 2_000_000L);
    }

    public KafkaCheckerOptions withExpectFinalReadAll(boolean value) {
        return new KafkaCheckerOptions(value, wwDeps, rwDeps, allowPollSkipsWhenSubscribed, maxWitnessesPerType,
                unseenSeriesPoints, cycleSearchBudget);
    }

    public KafkaCheckerOptions withWwDeps(boolean value) {
        return new KafkaCheckerOptions(expectFinalReadAll, value, rwDeps, allowPollSkipsWhenSubscribed,
                maxWitnessesPerType, unseenSeriesPoints, cycleSearchBudget);
    }

    public KafkaCheckerOptions withRwDeps(boolean value) {
        return new KafkaCheckerOptions(expectFinalReadAll, wwDeps, value, allowPollSkipsWhenSubscribed,
                maxWitnessesPerType, unseenSeriesPoints, cycleSearchBudget);
    }

    public KafkaCheckerOptions withAllowPollSkipsWhenSubscribed(boolean value) {
        return new KafkaCheckerOptions(expectFinalReadAll, wwDeps, rwDeps, value, maxWitnessesPerType,
                unseenSeriesPoints, cycleSearchBudget);
    }

    public KafkaCheckerOptions withMaxWitnessesPerType(int value) {
        return new KafkaCheckerOptions(expectFinalReadAll, wwDeps, rwDeps, allowPollSkipsWhenSubscribed, value,
                unseenSeriesPoints, cycleSearchBudget);
    }

    /**
     * The anomaly types Kafka's design allows, so that finding them does not make the history invalid. Our
     * reading of jepsen.tests.kafka's {@code allowed-error-types} and of Kafka's transaction design (atomic
     * multi-partition writes, read-committed consumers, no isolation between concurrent txns' writes, no
     * snapshot for polls):
     * <ul>
     *   <li>int-send-skip: txns' sends interleave in a partition all the time;</li>
     *   <li>G0: writes are never isolated, so write cycles are normal;</li>
     *   <li>G1c, when write-write edges are inferred: T1 sends to k before T2, T2's send to j is read by T1 —
     *       legal with interleaved writes. A G1c of write-read edges only is still forbidden: read committed
     *       (Adya PL-2) rules out circular information flow;</li>
     *   <li>G-single and G2: a poll reads from its consumer's position, not a snapshot of the log's end, so
     *       anti-dependency cycles are expected; read committed allows them (Jepsen draws no rw edges at all);</li>
     *   <li>poll-skip and nonmonotonic-poll with subscribe: a rebalance hands a partition to another consumer
     *       from the last committed offset;</li>
     *   <li>unseen, unless {@code expectFinalReadAll}.</li>
     * </ul>
     * Everything else (lost-write, duplicate, inconsistent-offsets, G1a, precommitted-read, the nonmonotonic and
     * skip anomalies of polls and sends) is an error.
     */
    public Set<KafkaAnomalyType> allowedTypes(boolean historySubscribes) {
        Set<KafkaAnomalyType> allowed = EnumSet.of(KafkaAnomalyType.INT_SEND_SKIP, KafkaAnomalyType.G0,
                KafkaAnomalyType.G_SINGLE, KafkaAnomalyType.G2);
        if (wwDeps) {
            allowed.add(KafkaAnomalyType.G1C);
        }
        if (historySubscribes && allowPollSkipsWhenSubscribed) {
            allowed.add(KafkaAnomalyType.POLL_SKIP);
            allowed.add(KafkaAnomalyType.NONMONOTONIC_POLL);
        }
        if (!expectFinalReadAll) {
            allowed.add(KafkaAnomalyType.UNSEEN);
        }
        return allowed;
    }
}
