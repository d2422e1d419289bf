package io.gregor.raftsim;

import io.gregor.raft.StateMachine;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tiny key-value store on the quorum: put sets, append concatenates, get reads — every one of them a log
 * record, so a get is linearizable (it is read at its own place in the log, after everything committed before
 * it). Tells a listener the outcome of each record applied, for the server to answer its clients.
 */
public final class KvStateMachine implements StateMachine {

    /** The outcome of one applied record. */
    interface Listener {
        void applied(long offset, byte[] record, String result);

        void leaderChange(long offset);
    }

    private final Map<String, String> data = new TreeMap<>();
    /** Requests already applied, by client: the network duplicates requests, so a server may append one twice. */
    private final Map<Integer, Set<Long>> appliedRequests = new TreeMap<>();
    private Listener listener;
    private long lastOffset = -1;
    private long commits;

    void listener(Listener value) {
        this.listener = value;
    }

    @Override
    public void onCommit(long offset, byte[] record) {
        checkOrder(offset);
        commits++;
        KvCommand c = KvCommand.decode(record);
        String current = data.getOrDefault(c.key(), "");
        String result;
        boolean first = c.f().equals("get")
                || appliedRequests.computeIfAbsent(c.clientId(), k -> new TreeSet<>()).add(c.requestId());
        switch (first ? c.f() : "duplicate") {
            case "put":
                data.put(c.key(), c.value());
                result = null;
                break;
            case "append":
                data.put(c.key(), current + c.value());
                result = null;
                break;
            case "get":
                result = current;
                break;
            default:
                result = null; // applied once already; its first copy carried the effect
        }
        if (listener != null) {
            listener.applied(offset, record, result);
        }
    }

    @Override
    public void onLeaderChange(long offset, int epoch, int leaderId) {
        checkOrder(offset);
        if (listener != null) {
            listener.leaderChange(offset);
        }
    }

    private void checkOrder(long offset) {
        if (offset <= lastOffset) {
            throw new IllegalStateException("commit at offset " + offset + " after " + lastOffset
                    + ": out of order or twice");
        }
        lastOffset = offset;
    }

    /** The value of {@code key} ("" if never written). */
    public String get(String key) {
        return data.getOrDefault(key, "");
    }

    /** The whole store, for end-of-run comparison. */
    public Map<String, String> snapshot() {
        return new TreeMap<>(data);
    }

    /** Data records applied in this node lifetime. */
    public long commits() {
        return commits;
    }
}
