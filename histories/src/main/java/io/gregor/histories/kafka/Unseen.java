package io.gregor.histories.kafka;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unseen records over time (jepsen.tests.kafka's {@code unseen}): after each ok txn, how many values ok sends
 * acknowledged that no ok poll has read yet. A value polled before its send was acknowledged is never unseen.
 *
 * <p>The series has a point per ok txn; we keep at most a given number of points, each the highest count of its
 * stretch of time, so a peak is never smoothed away, and always the last point.
 */
final class Unseen {

    /** Values listed per key in the final report, as Jepsen's condensed results do. */
    private static final int MAX_LISTED = 32;

    private Unseen() {
    }

    /** Computes the series, adds the final unseen values (if any) as an anomaly, and returns the details. */
    static Map<String, Object> find(KafkaIndex ix, AnomalyCollector out, int maxPoints) {
        boolean[] sent = new boolean[ix.valueCount()];
        boolean[] polled = new boolean[ix.valueCount()];
        int[] perKey = new int[ix.keyCount()];
        LongList times = new LongList(ix.txnCount + 1);
        IntList totals = new IntList(ix.txnCount + 1);
        int total = 0;
        for (int t = 0; t < ix.txnCount; t++) {
            if (ix.txnType[t] != KafkaIndex.OK) {
                continue;
            }
            for (int w = ix.txnWriteStart[t]; w < ix.txnWriteStart[t + 1]; w++) {
                int v = ix.wValue[w];
                if (!sent[v]) {
                    sent[v] = true;
                    if (!polled[v]) {
                        perKey[ix.wKey[w]]++;
                        total++;
                    }
                }
            }
            for (int r = ix.txnReadStart[t]; r < ix.txnReadStart[t + 1]; r++) {
                int v = ix.rValue[r];
                if (!polled[v]) {
                    polled[v] = true;
                    if (sent[v]) {
                        perKey[ix.rKey[r]]--;
                        total--;
                    }
                }
            }
            times.add(ix.txnTimeNs[t]);
            totals.add(total);
        }

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("final-count", (long) total);
        Map<Object, Object> byKey = new LinkedHashMap<>();
        Map<Object, Object> messages = new LinkedHashMap<>();
        List<Integer> unseenValues = new ArrayList<>();
        Map<Integer, List<Object>> listed = new TreeMap<>();
        for (int v = 0; v < ix.valueCount() && total > 0; v++) {
            if (sent[v] && !polled[v]) {
                unseenValues.add(v);
                List<Object> vs = listed.computeIfAbsent(ix.valueKey[v], k -> new ArrayList<>());
                if (vs.size() < MAX_LISTED) {
                    vs.add(ix.values.get(v));
                }
            }
        }
        for (int k = 0; k < perKey.length; k++) {
            if (perKey[k] > 0) {
                byKey.put(ix.keys.get(k), (long) perKey[k]);
                messages.put(ix.keys.get(k), listed.get(k));
            }
        }
        details.put("by-key", byKey);
        details.put("messages", messages);
        details.put("series", downsample(times, totals, maxPoints));

        if (total > 0 && out.count(KafkaAnomalyType.UNSEEN)) {
            List<Op> witnesses = new ArrayList<>();
            for (int i = 0; i < unseenValues.size() && witnesses.size() < MAX_LISTED; i++) {
                Op writer = ix.op(ix.writerTxn[unseenValues.get(i)]);
                if (!witnesses.contains(writer)) {
                    witnesses.add(writer);
                }
            }
            out.keep(KafkaAnomalyType.UNSEEN, total + " acknowledged " + (total == 1 ? "value was" : "values were")
                    + " never polled by the end of the history, by key " + LogAnomalies.edn(byKey)
                    + "; first ones: " + LogAnomalies.edn(messages), witnesses);
        }
        return details;
    }

    /** At most maxPoints points {time-ns, unseen}: the peak of each stretch, and the last point. */
    static List<Map<String, Object>> downsample(LongList times, IntList totals, int maxPoints) {
        List<Map<String, Object>> points = new ArrayList<>();
        int n = times.size();
        if (n <= maxPoints) {
            for (int i = 0; i < n; i++) {
                points.add(point(times.get(i), totals.get(i)));
            }
            return points;
        }
        int buckets = maxPoints - 1;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * (n - 1) / buckets);
            int to = (int) ((long) (b + 1) * (n - 1) / buckets);
            int peak = from;
            for (int i = from; i < Math.max(to, from + 1); i++) {
                if (totals.get(i) > totals.get(peak)) {
                    peak = i;
                }
            }
            points.add(point(times.get(peak), totals.get(peak)));
        }
        points.add(point(times.get(n - 1), totals.get(n - 1)));
        return points;
    }

    private static Map<String, Object> point(long timeNs, int unseen) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("time-ns", timeNs);
        p.put("unseen", (long) unseen);
        return p;
    }
}
