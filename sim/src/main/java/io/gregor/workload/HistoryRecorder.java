package io.gregor.workload;

import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records the client's operations in Jepsen's Kafka workload encoding: a send of value v to key k is invoked as
 * {@code [[:send k v]]} and completes as {@code [[:send k [offset v]]]}; a poll is invoked as {@code [[:poll]]}
 * and completes as {@code [[:poll {k [[offset v] ...]}]]}.
 */
public final class HistoryRecorder {

    static final Keyword SEND = Keyword.of("send");
    static final Keyword POLL = Keyword.of("poll");
    static final Keyword NEMESIS = Keyword.of("nemesis");

    private final List<Op> ops = new ArrayList<>();
    private final LongSupplier clockNs;

    /** @param clockNs the observer's clock (the simulation's virtual time), read at every event */
    public HistoryRecorder(LongSupplier clockNs) {
        this.clockNs = clockNs;
    }

    public void invokeSend(long process, long key, long value) {
        add(process, Op.Type.INVOKE, "send", List.of(List.of(SEND, key, value)));
    }

    public void completeSend(long process, Op.Type type, long key, long value, long offset) {
        Object micro = type == Op.Type.OK ? List.of(SEND, key, List.of(offset, value)) : List.of(SEND, key, value);
        add(process, type, "send", List.of(micro));
    }

    public void invokePoll(long process) {
        add(process, Op.Type.INVOKE, "poll", List.of(List.of(POLL)));
    }

    /**
     * A poll completed: {@code byKey} maps each key read to its {@code [offset, value]} pairs, in the order read (an
     * ok poll may read nothing).
     */
    public void completePoll(long process, Map<Long, List<long[]>> byKey) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Long, List<long[]>> e : byKey.entrySet()) {
            List<Object> pairs = new ArrayList<>(e.getValue().size());
            for (long[] pair : e.getValue()) {
                pairs.add(List.of(pair[0], pair[1]));
            }
            out.put(e.getKey(), pairs);
        }
        add(process, Op.Type.OK, "poll", List.of(List.of(POLL, out)));
    }

    void completePoll(long process, Op.Type type, long key, List<LogServiceMessage.Entry> entries) {
        if (type != Op.Type.OK) {
            add(process, type, "poll", List.of(List.of(POLL)));
            return;
        }
        List<Object> pairs = new ArrayList<>(entries.size());
        for (LogServiceMessage.Entry e : entries) {
            pairs.add(List.of(e.offset(), e.value()));
        }
        Map<Object, Object> byKey = new LinkedHashMap<>();
        byKey.put(key, pairs);
        add(process, type, "poll", List.of(List.of(POLL, byKey)));
    }

    /**
     * A fault, so the timeline can draw it: as Jepsen's nemesis records one, an {@code info} invocation and an
     * {@code info} completion carrying what was done.
     */
    public void nemesis(String f, Object value) {
        add(NEMESIS, Op.Type.INFO, f, null);
        add(NEMESIS, Op.Type.INFO, f, value);
    }

    private void add(Object process, Op.Type type, String f, Object value) {
        ops.add(new Op(ops.size(), clockNs.getAsLong(), process, type, f, value, null));
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }
}
