package io.gregor.histories.kafka;

import io.gregor.histories.Op;
import io.gregor.histories.format.EdnWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomalies about what the logs hold, found value by value (definitions from jepsen.tests.kafka):
 * <ul>
 *   <li><b>inconsistent-offsets</b>: sends and polls disagree about the value at an offset of a partition;</li>
 *   <li><b>duplicate</b>: one value appears at more than one offset of its partition;</li>
 *   <li><b>G1a</b> (aborted read): an ok poll read a value whose send failed;</li>
 *   <li><b>precommitted-read</b>: a txn polled a value it sent itself — legal in most databases, but Kafka's
 *       read-committed consumers must never see a txn's records before it commits;</li>
 *   <li><b>lost-write</b>: take, per partition, the highest index any ok poll read; every value whose
 *       offsets all lie at or below it should have been read by some ok poll. One that was not, and whose send
 *       must have taken effect (ok, or info with another of its sends read), was lost.</li>
 * </ul>
 */
final class LogAnomalies {

    private LogAnomalies() {
    }

    static void find(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        inconsistentOffsets(ix, vo, out);
        duplicates(ix, vo, out);
        abortedAndPrecommittedReads(ix, out);
        lostWrites(ix, vo, out);
    }

    private static void inconsistentOffsets(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        for (VersionOrders.Conflict c : vo.conflicts) {
            if (!out.count(KafkaAnomalyType.INCONSISTENT_OFFSETS)) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            List<Op> witnesses = new ArrayList<>();
            for (int i = 0; i < c.values().length; i++) {
                values.add(ix.values.get(c.values()[i]));
                addOnce(witnesses, ix.op(c.observers()[i]));
            }
            out.keep(KafkaAnomalyType.INCONSISTENT_OFFSETS, "key " + edn(ix.keys.get(c.key())) + " offset "
                    + c.offset() + " holds " + values.size() + " different values " + edn(values) + ", as seen by "
                    + ops(witnesses), witnesses);
        }
    }

    private static void duplicates(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        for (VersionOrders.Duplicate d : vo.duplicates) {
            if (!out.count(KafkaAnomalyType.DUPLICATE)) {
                continue;
            }
            List<Op> witnesses = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < d.offsets().length; i++) {
                offsets.add(d.offsets()[i]);
                addOnce(witnesses, ix.op(d.observers()[i]));
            }
            out.keep(KafkaAnomalyType.DUPLICATE, "key " + edn(ix.keys.get(ix.valueKey[d.value()])) + " value "
                    + edn(ix.values.get(d.value())) + " appears at " + offsets.size() + " offsets " + offsets
                    + ", as seen by " + ops(witnesses), witnesses);
        }
    }

    private static void abortedAndPrecommittedReads(KafkaIndex ix, AnomalyCollector out) {
        for (int t = 0; t < ix.txnCount; t++) {
            int readFrom = ix.txnReadStart[t];
            int readTo = ix.txnReadStart[t + 1];
            boolean alsoWrites = ix.txnWriteStart[t] < ix.txnWriteStart[t + 1];
            boolean precommittedFound = false;
            for (int r = readFrom; r < readTo; r++) {
                int v = ix.rValue[r];
                int writer = ix.writerTxn[v];
                if (writer < 0) {
                    continue;
                }
                if (ix.txnType[t] == KafkaIndex.OK && ix.txnType[writer] == KafkaIndex.FAIL
                        && out.count(KafkaAnomalyType.G1A)) {
                    out.keep(KafkaAnomalyType.G1A, "key " + edn(ix.keys.get(ix.rKey[r])) + " value "
                            + edn(ix.values.get(v)) + " was sent by " + op(ix.op(writer)) + ", which failed, yet "
                            + op(ix.op(t)) + " polled it", List.of(ix.op(writer), ix.op(t)));
                }
                if (alsoWrites && writer == t && !precommittedFound) {
                    precommittedFound = true; // one per txn, as Jepsen counts
                    if (out.count(KafkaAnomalyType.PRECOMMITTED_READ)) {
                        out.keep(KafkaAnomalyType.PRECOMMITTED_READ, op(ix.op(t)) + " polled key "
                                + edn(ix.keys.get(ix.rKey[r])) + " value " + edn(ix.values.get(v))
                                + ", which it sent itself before committing", List.of(ix.op(t)));
                    }
                }
            }
        }
    }

    private static void lostWrites(KafkaIndex ix, VersionOrders vo, AnomalyCollector out) {
        int keyCount = ix.keyCount();
        int[] bound = new int[keyCount];
        int[] boundReader = new int[keyCount];
        java.util.Arrays.fill(bound, -1);
        for (int t = 0; t < ix.txnCount; t++) {
            if (ix.txnType[t] != KafkaIndex.OK) {
                continue;
            }
            for (int r = ix.txnReadStart[t]; r < ix.txnReadStart[t + 1]; r++) {
                int k = ix.rKey[r];
                if (vo.readIndex[r] > bound[k]) {
                    bound[k] = vo.readIndex[r];
                    boundReader[k] = t;
                }
            }
        }
        for (int v = 0; v < ix.valueCount(); v++) {
            int k = ix.valueKey[v];
            int last = vo.valueLastIndex[v];
            int writer = ix.writerTxn[v];
            if (last < 0 || last > bound[k] || ix.readByOk[v] || writer < 0 || !ix.committed[writer]) {
                continue;
            }
            if (out.count(KafkaAnomalyType.LOST_WRITE)) {
                int maxReader = boundReader[k];
                out.keep(KafkaAnomalyType.LOST_WRITE, "key " + edn(ix.keys.get(k)) + " value "
                        + edn(ix.values.get(v)) + " (offset " + vo.indexOffset[k][vo.valueFirstIndex[v]]
                        + ") was sent by " + op(ix.op(writer)) + " but never polled, though " + op(ix.op(maxReader))
                        + " polled key " + edn(ix.keys.get(k)) + " up to offset " + vo.indexOffset[k][bound[k]],
                        List.of(ix.op(writer), ix.op(maxReader)));
            }
        }
    }

    private static void addOnce(List<Op> ops, Op op) {
        if (!ops.contains(op)) {
            ops.add(op);
        }
    }

    static String edn(Object v) {
        return EdnWriter.toEdn(v);
    }

    /** How explanations name an op: {@code op 12 (ok poll, process 3)}. */
    static String op(Op op) {
        return "op " + op.index() + " (" + op.type().jepsenName() + " " + op.f() + ", process "
                + edn(op.process()) + ")";
    }

    static String ops(List<Op> ops) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ops.size(); i++) {
            out.append(i == 0 ? "" : i == ops.size() - 1 ? " and " : ", ").append(op(ops.get(i)));
        }
        return out.toString();
    }
}
