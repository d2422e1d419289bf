package io.gregor.histories.kafka;

import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.format.EdnSymbol;
import io.gregor.histories.Keyword;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka history taken apart once into flat arrays, so that every anomaly search is a linear scan.
 *
 * <p>A <em>transaction</em> ("txn") is one client operation whose function is {@code send}, {@code poll} or
 * {@code txn}, seen through its completion (or, when the history ended first, its invocation, counted as {@code
 * info}). Its value is a vector of micro-ops in Jepsen's encoding (jepsen.tests.kafka): {@code [:send k v]}
 * completing as {@code [:send k [offset v]]}, and {@code [:poll]} completing as {@code [:poll {k [[offset v]
 * ...]}]}. Keys and values are interned to small integers; each send becomes a <em>write</em> (key, value,
 * offset) and each polled pair a <em>read</em>, stored in txn order. Txns are numbered in completion order.
 */
final class KafkaIndex {

    static final long NO_OFFSET = Long.MIN_VALUE;
    static final byte OK = 0;
    static final byte INFO = 1;
    static final byte FAIL = 2;

    final History history;
    final List<Object> keys;
    /** Key -> its number; lookups only. */
    private final Map<Object, Integer> keyIds;
    final List<Object> processes;
    /** Process -> its number; lookups only. */
    final Map<Object, Integer> processIds;
    final List<Object> values;
    final int[] valueKey;
    /** The txn that sent each value (its first sender), or -1 if no txn did. */
    final int[] writerTxn;
    /** Whether some ok txn polled the value. */
    final boolean[] readByOk;

    final int txnCount;
    /** Txns [0, completedTxnCount) completed, in history order; the rest never did (ordered by invocation). */
    final int completedTxnCount;
    final int[] txnPosition;
    final byte[] txnType;
    final int[] txnProcess;
    /** When each txn completed (or was invoked, if it never completed). */
    final long[] txnTimeNs;
    /** Positions of ok and info assign / subscribe completions of client processes, ascending. */
    final int[] assignPositions;
    /** Txn t's writes are [txnWriteStart[t], txnWriteStart[t + 1]); reads likewise. */
    final int[] txnWriteStart;
    final int[] txnReadStart;
    /** An ok txn, or an info txn one of whose sends some ok txn polled: its sends took effect. */
    final boolean[] committed;
    /** Keys that a txn's rebalance log says were reassigned during it (Jepsen's {@code :rebalance-log}). */
    final Map<Integer, int[]> rebalancedKeys;

    final int[] wKey;
    final int[] wValue;
    final long[] wOffset;
    final int[] rKey;
    final int[] rValue;
    final long[] rOffset;

    private KafkaIndex(Builder b) {
        history = b.history;
        keys = b.keys;
        keyIds = b.keyIds;
        processes = b.processes;
        processIds = b.processIds;
        values = b.values;
        valueKey = b.valueKey.toArray();
        writerTxn = b.writerTxn.toArray();
        txnCount = b.txnPosition.size();
        completedTxnCount = b.completedTxnCount;
        txnPosition = b.txnPosition.toArray();
        txnType = new byte[txnCount];
        for (int t = 0; t < txnCount; t++) {
            txnType[t] = (byte) b.txnType.get(t);
        }
        txnProcess = b.txnProcess.toArray();
        txnTimeNs = b.txnTimeNs.toArray();
        assignPositions = b.assignPositions.toArray();
        b.txnWriteStart.add(b.wKey.size());
        b.txnReadStart.add(b.rKey.size());
        txnWriteStart = b.txnWriteStart.toArray();
        txnReadStart = b.txnReadStart.toArray();
        rebalancedKeys = b.rebalancedKeys;
        wKey = b.wKey.toArray();
        wValue = b.wValue.toArray();
        wOffset = b.wOffset.toArray();
        rKey = b.rKey.toArray();
        rValue = b.rValue.toArray();
        rOffset = b.rOffset.toArray();
        readByOk = new boolean[values.size()];
        for (int t = 0; t < txnCount; t++) {
            if (txnType[t] == OK) {
                for (int r = txnReadStart[t]; r < txnReadStart[t + 1]; r++) {
                    readByOk[rValue[r]] = true;
                }
            }
        }
        committed = new boolean[txnCount];
        for (int t = 0; t < txnCount; t++) {
            if (txnType[t] == OK) {
                committed[t] = true;
            } else if (txnType[t] == INFO) {
                for (int w = txnWriteStart[t]; w < txnWriteStart[t + 1] && !committed[t]; w++) {
                    committed[t] = readByOk[wValue[w]];
                }
            }
        }
    }

    static KafkaIndex build(History history) {
        Builder b = new Builder(history);
        for (int p = 0; p < history.size(); p++) {
            Op op = history.get(p);
            if (!op.isClient()) {
                continue;
            }
            if (!isTxnFunction(op.f())) {
                if ((op.type() == Op.Type.OK || op.type() == Op.Type.INFO)
                        && (op.f().equals("assign") || op.f().equals("subscribe"))) {
                    b.assignPositions.add(p);
                }
                continue;
            }
            int invoke = history.pairPosition(p);
            if (op.isCompletion() && invoke >= 0 && invoke < p) {
                b.addTxn(p, history.get(invoke), op);
            }
        }
        b.completedTxnCount = b.txnPosition.size();
        for (int p = 0; p < history.size(); p++) { // never completed: unknown outcome, like info
            Op op = history.get(p);
            if (op.isClient() && op.isInvoke() && history.pairPosition(p) < 0 && isTxnFunction(op.f())) {
                b.addTxn(p, op, null);
            }
        }
        return new KafkaIndex(b);
    }

    static boolean isTxnFunction(String f) {
        return f.equals("send") || f.equals("poll") || f.equals("txn");
    }

    /** The op that stands for txn t in witnesses: its completion (or its invocation if it never completed). */
    Op op(int t) {
        return history.get(txnPosition[t]);
    }

    /** The number of a process that ran some txn, or -1. */
    int processId(Object process) {
        Integer id = processIds.get(History.processKey(process));
        return id == null ? -1 : id;
    }

    /** The number of a key, or -1 if no txn touched it. */
    int keyId(Object key) {
        Integer id = keyIds.get(normalize(key));
        return id == null ? -1 : id;
    }

    int keyCount() {
        return keys.size();
    }

    int valueCount() {
        return values.size();
    }

    /** The name of a keyword, string or symbol (Jepsen's {@code :send} read from EDN or JSON); null otherwise. */
    static String name(Object v) {
        if (v instanceof Keyword) {
            return ((Keyword) v).name();
        }
        if (v instanceof String) {
            return (String) v;
        }
        return v instanceof EdnSymbol ? ((EdnSymbol) v).name() : null;
    }

    /** Integers from any reader compare equal: 3 (Integer) and 3 (Long) are the same key or value. */
    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    private static final class Builder {
        final History history;
        final List<Object> keys = new ArrayList<>();
        final Map<Object, Integer> keyIds = new HashMap<>(); // lookups only
        final LongIntMap longKeyIds = new LongIntMap(); // the same for Long keys, without boxing
        final List<Map<Object, Integer>> valueIds = new ArrayList<>(); // per key, non-Long values; lookups only
        final List<LongIntMap> longValueIds = new ArrayList<>(); // per key, Long values
        final List<OffsetCache> offsetCaches = new ArrayList<>(); // per key
        int[] keyValueCount = new int[16];
        final List<Object> values = new ArrayList<>();
        final IntList valueKey = new IntList(1024);
        final IntList writerTxn = new IntList(1024);
        final List<Object> processes = new ArrayList<>();
        final Map<Object, Integer> processIds = new HashMap<>(); // lookups only
        final IntList txnPosition = new IntList(1024);
        final IntList txnType = new IntList(1024);
        final IntList txnProcess = new IntList(1024);
        final LongList txnTimeNs = new LongList(1024);
        final IntList assignPositions = new IntList(64);
        final IntList txnWriteStart = new IntList(1024);
        final IntList txnReadStart = new IntList(1024);
        final Map<Integer, int[]> rebalancedKeys = new HashMap<>(); // lookups only
        int completedTxnCount;
        final IntList wKey = new IntList(1024);
        final IntList wValue = new IntList(1024);
        final LongList wOffset = new LongList(1024);
        final IntList rKey = new IntList(1024);
        final IntList rValue = new IntList(1024);
        final LongList rOffset = new LongList(1024);

        Builder(History history) {
            this.history = history;
        }

        void addTxn(int position, Op invoke, Op completion) {
            int t = txnPosition.size();
            txnPosition.add(position);
            Op last = completion == null ? invoke : completion;
            byte type = completion == null ? INFO
                    : completion.type() == Op.Type.OK ? OK : completion.type() == Op.Type.FAIL ? FAIL : INFO;
            txnType.add(type);
            txnProcess.add(processId(History.processKey(last.process())));
            txnTimeNs.add(last.timeNs());
            txnWriteStart.add(wKey.size());
            txnReadStart.add(rKey.size());
            Object value = completion != null && completion.value() instanceof List ? completion.value()
                    : invoke.value();
            if (value instanceof List) {
                for (Object mop : (List<?>) value) {
                    if (mop instanceof List && !((List<?>) mop).isEmpty()) {
                        addMicroOp(t, (List<?>) mop);
                    }
                }
            }
            Object log = last.extra().get("rebalance-log");
            if (log instanceof List && !((List<?>) log).isEmpty()) {
                addRebalanceLog(t, (List<?>) log);
            }
        }

        private void addMicroOp(int t, List<?> mop) {
            String f = name(mop.get(0));
            if ("send".equals(f) && mop.size() >= 3) {
                int key = keyId(mop.get(1));
                Object sent = mop.get(2);
                long offset = NO_OFFSET;
                if (sent instanceof List && ((List<?>) sent).size() == 2) { // [offset value], offset maybe nil
                    offset = offset(((List<?>) sent).get(0));
                    sent = ((List<?>) sent).get(1);
                }
                int v = valueId(key, offset, sent);
                wKey.add(key);
                wValue.add(v);
                wOffset.add(offset);
                if (writerTxn.get(v) < 0) {
                    writerTxn.set(v, t);
                }
            } else if ("poll".equals(f) && mop.size() >= 2 && mop.get(1) instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) mop.get(1)).entrySet()) {
                    if (!(e.getValue() instanceof List)) {
                        continue;
                    }
                    int key = keyId(e.getKey());
                    for (Object pair : (List<?>) e.getValue()) {
                        if (pair instanceof List && ((List<?>) pair).size() >= 2) {
                            List<?> p = (List<?>) pair;
                            long offset = offset(p.get(0));
                            rKey.add(key);
                            rValue.add(valueId(key, offset, p.get(1)));
                            rOffset.add(offset);
                        }
                    }
                }
            }
        }

        private void addRebalanceLog(int t, List<?> log) {
            IntList ks = new IntList(4);
            for (Object event : log) {
                if (event instanceof Map) {
                    Object eventKeys = null;
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) event).entrySet()) {
                        if ("keys".equals(name(e.getKey()))) {
                            eventKeys = e.getValue();
                        }
                    }
                    if (eventKeys instanceof Iterable) {
                        for (Object k : (Iterable<?>) eventKeys) {
                            ks.add(keyId(k));
                        }
                    }
                }
            }
            rebalancedKeys.put(t, ks.toArray());
        }

        private static long offset(Object o) {
            return o instanceof Number ? ((Number) o).longValue() : NO_OFFSET;
        }

        private int keyId(Object key) {
            Object k = normalize(key);
            if (k instanceof Long) {
                int cached = longKeyIds.get((Long) k);
                if (cached >= 0) {
                    return cached;
                }
            }
            Integer id = keyIds.get(k);
            if (id == null) {
                id = keys.size();
                keys.add(k);
                keyIds.put(k, id);
                valueIds.add(new HashMap<>());
                longValueIds.add(new LongIntMap());
                offsetCaches.add(new OffsetCache());
                if (id >= keyValueCount.length) {
                    keyValueCount = java.util.Arrays.copyOf(keyValueCount, keyValueCount.length * 2);
                }
                if (k instanceof Long) {
                    longKeyIds.putNew((Long) k, id);
                }
            }
            return id;
        }

        /** The id of {@code value} of key {@code key}, seen at {@code offset} (or NO_OFFSET). */
        private int valueId(int key, long offset, Object value) {
            Object v = value instanceof Long ? value : normalize(value);
            if (v instanceof Long) {
                long l = (Long) v;
                OffsetCache cache = offsetCaches.get(key);
                if (offset != NO_OFFSET) {
                    int cached = cache.get(offset, l);
                    if (cached >= 0) {
                        return cached;
                    }
                }
                LongIntMap ids = longValueIds.get(key);
                int id = ids.get(l);
                if (id < 0) {
                    id = newValue(key, v);
                    ids.putNew(l, id);
                    keyValueCount[key]++;
                }
                if (offset != NO_OFFSET) {
                    cache.put(offset, l, id, keyValueCount[key]);
                }
                return id;
            }
            Map<Object, Integer> ids = valueIds.get(key);
            Integer id = ids.get(v);
            if (id == null) {
                id = newValue(key, v);
                ids.put(v, id);
            }
            return id;
        }

        private int newValue(int key, Object v) {
            int id = values.size();
            values.add(v);
            valueKey.add(key);
            writerTxn.add(-1);
            return id;
        }

        private int processId(Object process) {
            Integer id = processIds.get(process);
            if (id == null) {
                id = processes.size();
                processes.add(process);
                processIds.put(process, id);
            }
            return id;
        }
    }
}
