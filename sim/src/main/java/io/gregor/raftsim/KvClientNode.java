package io.gregor.raftsim;

import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.histories.Op;
import io.gregor.raftsim.KvMessage.KvRequest;
import io.gregor.raftsim.KvMessage.KvResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated clients of the key-value store, recording a Jepsen history for the kv model (put/append/get over a few
 * keys). Each of {@code processes} slots runs one operation at a time against the server it believes leads. A
 * refusal before the log ({@code NOT_LEADER}) or a definite failure completes {@code fail}; a timeout completes a
 * write as {@code info} (it may yet commit) — and, as in Jepsen, that process never invokes again: the slot moves
 * on as a new process — while a read that timed out is a {@code fail} (it changed nothing).
 */
public final class KvClientNode implements Node {

    private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11",
        "k12", "k13", "k14", "k15"};

    private final List<Integer> servers;
    private final int processes;
    private final long requestTimeoutNs;
    private final long stopAtNs;
    private final boolean definiteFailures;
    private final List<Op> history = new ArrayList<>();
    private final Slot[] slots;
    private Env env;
    private long nextRequestId;
    private long nextProcess;
    private long nextValue;
    private int leaderGuess;
    private long startNs;

    /** One client process's current operation. */
    private static final class Slot {
        long process;
        long requestId;
        String f;
        String key;
        String value;
        long timer;
    }

    /**
     * @param definiteFailures whether a refusal proves a write never happens: false when the network duplicates
     *     messages (a copy of a refused request may reach a server later and commit), so refused writes are
     *     recorded {@code info}
     */
    public KvClientNode(List<Integer> servers, int processes, long requestTimeoutNs, long stopAtNs,
            boolean definiteFailures) {
        this.definiteFailures = definiteFailures;
        this.servers = List.copyOf(servers);
        this.processes = processes;
        this.requestTimeoutNs = requestTimeoutNs;
        this.stopAtNs = stopAtNs;
        this.slots = new Slot[processes];
    }

    @Override
    public void start(Env env) {
        this.env = env;
        this.leaderGuess = servers.get(0);
        this.startNs = env.clock().nanoTime();
        for (int i = 0; i < processes; i++) {
            Slot s = new Slot();
            s.process = nextProcess++;
            slots[i] = s;
            scheduleNext(s);
        }
    }

    /** The history so far; operations still open are completed as {@code info} in the copy returned. */
    public List<Op> history() {
        List<Op> out = new ArrayList<>(history);
        for (Slot s : slots) {
            if (s != null && s.requestId != 0) {
                out.add(new Op(out.size(), env.clock().nanoTime() - startNs, s.process, Op.Type.INFO, s.f, value(s, null),
                        "run ended"));
            }
        }
        return out;
    }

    private void scheduleNext(Slot s) {
        env.timers().schedule(env.entropy().between(20_000_000L, 100_000_000L), () -> invoke(s));
    }

    private void invoke(Slot s) {
        if (env.clock().nanoTime() - startNs >= stopAtNs) {
            return;
        }
        int pick = env.entropy().nextInt(10);
        s.f = pick < 2 ? "append" : pick < 6 ? "put" : "get";
        s.key = KEYS[env.entropy().nextInt(KEYS.length)];
        s.value = s.f.equals("get") ? null : "v" + (nextValue++) + ",";
        s.requestId = ++nextRequestId;
        record(s, Op.Type.INVOKE, s.f.equals("get") ? value(s, null) : value(s, s.value), null);
        env.network().send(leaderGuess, new KvRequest(s.requestId, s.f, s.key, s.value));
        long id = s.requestId;
        s.timer = env.timers().schedule(requestTimeoutNs, () -> onTimeout(s, id));
    }

    private void onTimeout(Slot s, long requestId) {
        if (s.requestId != requestId) {
            return;
        }
        leaderGuess = servers.get((servers.indexOf(leaderGuess) + 1) % servers.size());
        if (s.f.equals("get")) {
            record(s, Op.Type.FAIL, value(s, null), "timeout");
        } else {
            record(s, Op.Type.INFO, value(s, s.value), "timeout");
            s.process = nextProcess++;
        }
        s.requestId = 0;
        scheduleNext(s);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (!(message instanceof KvResponse r)) {
            return;
        }
        for (Slot s : slots) {
            if (s.requestId == r.requestId()) {
                complete(s, fromNodeId, r);
                return;
            }
        }
    }

    private void complete(Slot s, int from, KvResponse r) {
        env.timers().cancel(s.timer);
        if (r.status() != KvMessage.Status.OK && !definiteFailures && !s.f.equals("get")) {
            record(s, Op.Type.INFO, value(s, s.value), "refused, but a duplicate may still commit");
            s.process = nextProcess++;
            s.requestId = 0;
            scheduleNext(s);
            return;
        }
        switch (r.status()) {
            case OK:
                record(s, Op.Type.OK, value(s, s.f.equals("get") ? r.value() : s.value), null);
                break;
            case NOT_LEADER:
                leaderGuess = r.leaderHint() >= 0 ? r.leaderHint()
                        : servers.get((servers.indexOf(from) + 1) % servers.size());
                record(s, Op.Type.FAIL, value(s, s.value), "not leader");
                break;
            default:
                record(s, Op.Type.FAIL, value(s, s.value), "failed");
        }
        s.requestId = 0;
        scheduleNext(s);
    }

    private Map<String, Object> value(Slot s, String v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", s.key);
        if (v != null || !s.f.equals("get")) {
            m.put("value", v);
        }
        return m;
    }

    private void record(Slot s, Op.Type type, Object value, String error) {
        history.add(new Op(history.size(), env.clock().nanoTime() - startNs, s.process, type, s.f, value, error));
    }
}
