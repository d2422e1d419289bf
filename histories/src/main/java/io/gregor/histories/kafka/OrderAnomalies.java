package io.gregor.histories.kafka;

import static io.gregor.histories.kafka.LogAnomalies.edn;
import static io.gregor.histories.kafka.LogAnomalies.op;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The anomalies about the order in which consumers read and producers write (jepsen.tests.kafka's {@code
 * poll-skip+nonmonotonic-cases}, {@code nonmonotonic-send-cases} and their {@code int-} variants). All compare
 * indexes in the partition's version order ({@link VersionOrders}); a delta of 1 is the expected next record.
 * <ul>
 *   <li><b>poll-skip</b> / <b>nonmonotonic-poll</b>: per consumer process, between the last record an ok poll
 *       read from a partition and the first record its next poll of that partition reads, a delta above 1
 *       skipped records, below 1 went back or repeated. An ok or info {@code assign}/{@code subscribe} keeps
 *       only the positions of the partitions it names (a new assignment starts afresh).</li>
 *   <li><b>int-poll-skip</b> / <b>int-nonmonotonic-poll</b>: the same between consecutive reads of one
 *       partition inside one txn, unless the txn's {@code :rebalance-log} names that partition.</li>
 *   <li><b>nonmonotonic-send</b>: per process, an ok or info send to a partition landed at or before the
 *       previous one it sent there.</li>
 *   <li><b>int-send-skip</b> / <b>int-nonmonotonic-send</b>: consecutive sends to one partition inside one
 *       txn were not adjacent / went back.</li>
 * </ul>
 * Linear in the number of reads and writes.
 */
final class OrderAnomalies {

    private static final int NONE = Integer.MIN_VALUE;
    private static final int MAX_LISTED = 8;

    private final KafkaIndex ix;
    private final VersionOrders vo;
    private final AnomalyCollector out;
    // per process, per key: the index of the last record read / sent, and the txn that did it (-1: none)
    private final int[][] pollLastIndex;
    private final int[][] pollLastTxn;
    private final int[][] sendLastIndex;
    private final int[][] sendLastTxn;
    // per key scratch for the txn being examined; stamp says which txn wrote the entry
    private final int[] stamp;
    private final int[] firstIndex;
    private final int[] lastIndex;
    private final int[] lastEvent;
    private final IntList touched = new IntList(16);

    private OrderAnomalies(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        this.ix = ix;
        this.vo = vo;
        this.out = out;
        int processes = ix.processes.size();
        pollLastIndex = new int[processes][];
        pollLastTxn = new int[processes][];
        sendLastIndex = new int[processes][];
        sendLastTxn = new int[processes][];
        int keys = ix.keyCount();
        stamp = new int[keys];
        firstIndex = new int[keys];
        lastIndex = new int[keys];
        lastEvent = new int[keys];
    }

    static void find(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        new OrderAnomalies(ix, vo, out).run();
    }

    /** Txns and assignments in history order (txns never completed come last, as their process's last op). */
    private void run() {
        int a = 0;
        int[] assigns = ix.assignPositions;
        for (int t = 0; t < ix.txnCount; t++) {
            int position = t < ix.completedTxnCount ? ix.txnPosition[t] : Integer.MAX_VALUE;
            while (a < assigns.length && assigns[a] < position) {
                reassign(ix.history.get(assigns[a++]));
            }
            checkPolls(t);
            checkSends(t);
        }
        while (a < assigns.length) {
            reassign(ix.history.get(assigns[a++]));
        }
    }

    /** An assignment keeps the positions of the partitions it names and forgets the others. */
    private void reassign(Op op) {
        int pid = ix.processId(op.process());
        if (pid < 0) {
            return;
        }
        boolean[] keep = new boolean[ix.keyCount()];
        if (op.value() instanceof Iterable) {
            for (Object key : (Iterable<?>) op.value()) {
                int k = ix.keyId(key);
                if (k >= 0) {
                    keep[k] = true;
                }
            }
        }
        for (int[] txns : new int[][] {pollLastTxn[pid], sendLastTxn[pid]}) {
            if (txns != null) {
                for (int k = 0; k < txns.length; k++) {
                    if (!keep[k]) {
                        txns[k] = -1;
                    }
                }
            }
        }
    }

    private void checkPolls(int t) {
        touched.clear();
        int[] rebalanced = ix.rebalancedKeys.get(t);
        for (int r = ix.txnReadStart[t]; r < ix.txnReadStart[t + 1]; r++) {
            int k = ix.rKey[r];
            int idx = vo.readIndex[r];
            if (stamp[k] != t + 1) {
                stamp[k] = t + 1;
                firstIndex[k] = idx;
                touched.add(k);
            } else if (rebalanced == null || !contains(rebalanced, k)) {
                int delta = delta(lastIndex[k], idx);
                if (delta > 1 && out.count(KafkaAnomalyType.INT_POLL_SKIP)) {
                    out.keep(KafkaAnomalyType.INT_POLL_SKIP, op(ix.op(t)) + " read key " + edn(ix.keys.get(k))
                            + " offset " + offsetAt(k, lastIndex[k]) + " then offset " + offsetAt(k, idx)
                            + ", skipping " + skipped(k, lastIndex[k], idx), List.of(ix.op(t)));
                } else if (delta < 1 && out.count(KafkaAnomalyType.INT_NONMONOTONIC_POLL)) {
                    out.keep(KafkaAnomalyType.INT_NONMONOTONIC_POLL, op(ix.op(t)) + " read key "
                            + edn(ix.keys.get(k)) + " value " + edn(ix.values.get(ix.rValue[lastEvent[k]]))
                            + " (offset " + offsetAt(k, lastIndex[k]) + ") then value "
                            + edn(ix.values.get(ix.rValue[r])) + " (offset " + offsetAt(k, idx) + ")",
                            List.of(ix.op(t)));
                }
            }
            lastIndex[k] = idx;
            lastEvent[k] = r;
        }
        if (touched.size() == 0) {
            return;
        }
        int pid = ix.txnProcess[t];
        if (pollLastTxn[pid] == null) {
            pollLastTxn[pid] = filled(ix.keyCount(), -1);
            pollLastIndex[pid] = filled(ix.keyCount(), NONE);
        }
        int[] lastTxn = pollLastTxn[pid];
        int[] lastIdx = pollLastIndex[pid];
        for (int i = 0; i < touched.size(); i++) {
            int k = touched.get(i);
            if (lastTxn[k] >= 0) {
                int delta = delta(lastIdx[k], firstIndex[k]);
                if (delta > 1 && out.count(KafkaAnomalyType.POLL_SKIP)) {
                    Op before = ix.op(lastTxn[k]);
                    out.keep(KafkaAnomalyType.POLL_SKIP, "process " + edn(ix.processes.get(pid)) + " polled key "
                            + edn(ix.keys.get(k)) + " up to offset " + offsetAt(k, lastIdx[k]) + " in "
                            + op(before) + ", then from offset " + offsetAt(k, firstIndex[k]) + " in "
                            + op(ix.op(t)) + ", skipping " + skipped(k, lastIdx[k], firstIndex[k]),
                            List.of(before, ix.op(t)));
                } else if (delta < 1 && out.count(KafkaAnomalyType.NONMONOTONIC_POLL)) {
                    Op before = ix.op(lastTxn[k]);
                    out.keep(KafkaAnomalyType.NONMONOTONIC_POLL, "process " + edn(ix.processes.get(pid))
                            + " polled key " + edn(ix.keys.get(k)) + " up to offset " + offsetAt(k, lastIdx[k])
                            + " in " + op(before) + ", then went back to offset " + offsetAt(k, firstIndex[k])
                            + " in " + op(ix.op(t)), List.of(before, ix.op(t)));
                }
            }
            if (ix.txnType[t] == KafkaIndex.OK) {
                lastTxn[k] = t;
                lastIdx[k] = lastIndex[k];
            }
        }
    }

    private void checkSends(int t) {
        touched.clear();
        for (int w = ix.txnWriteStart[t]; w < ix.txnWriteStart[t + 1]; w++) {
            int k = ix.wKey[w];
            int idx = vo.writeIndex[w];
            if (stamp[k] != -(t + 1)) {
                stamp[k] = -(t + 1);
                firstIndex[k] = idx;
                touched.add(k);
            } else {
                int delta = delta(lastIndex[k], idx);
                if (delta > 1 && out.count(KafkaAnomalyType.INT_SEND_SKIP)) {
                    out.keep(KafkaAnomalyType.INT_SEND_SKIP, op(ix.op(t)) + " sent to key " + edn(ix.keys.get(k))
                            + " at offset " + offsetAt(k, lastIndex[k]) + " then " + offsetAt(k, idx)
                            + "; between them: " + skipped(k, lastIndex[k], idx), List.of(ix.op(t)));
                } else if (delta < 1 && out.count(KafkaAnomalyType.INT_NONMONOTONIC_SEND)) {
                    out.keep(KafkaAnomalyType.INT_NONMONOTONIC_SEND, op(ix.op(t)) + " sent key "
                            + edn(ix.keys.get(k)) + " value " + edn(ix.values.get(ix.wValue[lastEvent[k]]))
                            + " (offset " + offsetAt(k, lastIndex[k]) + ") then value "
                            + edn(ix.values.get(ix.wValue[w])) + ", which landed at offset " + offsetAt(k, idx),
                            List.of(ix.op(t)));
                }
            }
            lastIndex[k] = idx;
            lastEvent[k] = w;
        }
        if (touched.size() == 0 || ix.txnType[t] == KafkaIndex.FAIL) {
            return;
        }
        int pid = ix.txnProcess[t];
        if (sendLastTxn[pid] == null) {
            sendLastTxn[pid] = filled(ix.keyCount(), -1);
            sendLastIndex[pid] = filled(ix.keyCount(), NONE);
        }
        int[] lastTxn = sendLastTxn[pid];
        int[] lastIdx = sendLastIndex[pid];
        for (int i = 0; i < touched.size(); i++) {
            int k = touched.get(i);
            if (lastTxn[k] >= 0 && delta(lastIdx[k], firstIndex[k]) < 1
                    && out.count(KafkaAnomalyType.NONMONOTONIC_SEND)) {
                Op before = ix.op(lastTxn[k]);
                out.keep(KafkaAnomalyType.NONMONOTONIC_SEND, "process " + edn(ix.processes.get(pid))
                        + " sent to key " + edn(ix.keys.get(k)) + " at offset " + offsetAt(k, lastIdx[k]) + " in "
                        + op(before) + ", then at offset " + offsetAt(k, firstIndex[k]) + " in " + op(ix.op(t)),
                        List.of(before, ix.op(t)));
            }
            lastTxn[k] = t;
            lastIdx[k] = lastIndex[k];
        }
    }

    /** Index distance; 1 (no anomaly) when either index is unknown, as in Jepsen. */
    private static int delta(int from, int to) {
        return from >= 0 && to >= 0 ? to - from : 1;
    }

    private String offsetAt(int k, int idx) {
        return idx >= 0 ? Long.toString(vo.indexOffset[k][idx]) : "?";
    }

    /** The values strictly between two indexes, at most a few of them. */
    private String skipped(int k, int from, int to) {
        List<Object> values = new ArrayList<>();
        for (int i = from + 1; i < to && values.size() < MAX_LISTED; i++) {
            values.add(ix.values.get(vo.indexValue[k][i]));
        }
        int n = to - from - 1;
        return n + (n == 1 ? " value " : " values ") + edn(values) + (n > values.size() ? " ..." : "");
    }

    private static boolean contains(int[] xs, int x) {
        for (int v : xs) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
