package io.gregor.workload;

import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.env.Timers;
import io.gregor.histories.Op;
import io.gregor.workload.LogServiceMessage.AppendRequest;
import io.gregor.workload.LogServiceMessage.AppendResponse;
import io.gregor.workload.LogServiceMessage.ReadRequest;
import io.gregor.workload.LogServiceMessage.ReadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A Jepsen-style client: {@code processes} workers, each with at most one operation in flight, sending unique
 * values to the log servers (one key per server) and polling them from their own positions; then, once every fault
 * has healed, a drain that reads every key to its end. A worker whose operation timed out records {@code info} and
 * continues as a new process (Jepsen's convention: a crashed process never invokes again).
 *
 * <p>The client itself never crashes: it is the observer whose history the checker judges.
 */
public final class JobClient implements Node {

    private final ClientConfig config;
    private final HistoryRecorder history;
    private final List<Worker> workers = new ArrayList<>();
    private final TreeMap<Long, Worker> inFlight = new TreeMap<>();
    private Env env;
    private long nextRequestId = 1;
    private long nextValue = 1;
    private int drainsFinished;
    private boolean stopped;

    JobClient(ClientConfig config, HistoryRecorder history) {
        this.config = config;
        this.history = history;
    }

    /** One logical worker thread; its process id changes after an indeterminate operation. */
    private final class Worker {
        final int slot;
        long process;
        final TreeMap<Long, Long> positions = new TreeMap<>(); // key -> next offset to poll
        long requestId;
        long timerId = Timers.NO_TIMER;
        boolean sending;
        long key;
        long value;
        boolean draining;

        Worker(int slot) {
            this.slot = slot;
            this.process = slot;
        }
    }

    @Override
    public void start(Env env) {
        this.env = env;
        for (int slot = 0; slot < config.processes(); slot++) {
            Worker w = new Worker(slot);
            workers.add(w);
            scheduleNext(w);
        }
    }

    /** No new operations from now on (the job calls this when the faults heal). */
    public void stop() {
        stopped = true;
    }

    /** Whether every key was read to its end after the heal. */
    public boolean drained() {
        return drainsFinished == config.serverIds().size();
    }

    private void scheduleNext(Worker w) {
        long think = config.thinkTimeNs() == 0 ? 0 : env.entropy().between(0, 2 * config.thinkTimeNs() + 1);
        env.timers().schedule(think, () -> invoke(w));
    }

    private void invoke(Worker w) {
        if (w.draining || stopped) {
            return;
        }
        long key = config.serverIds().get(env.entropy().nextInt(config.serverIds().size()));
        if (env.entropy().chance(config.sendFraction())) {
            send(w, key, nextValue++);
        } else {
            poll(w, key);
        }
    }

    private void send(Worker w, long key, long value) {
        w.sending = true;
        w.key = key;
        w.value = value;
        w.requestId = nextRequestId++;
        history.invokeSend(w.process, key, value);
        issue(w, new AppendRequest(w.requestId, value));
    }

    private void poll(Worker w, long key) {
        w.sending = false;
        w.key = key;
        w.requestId = nextRequestId++;
        history.invokePoll(w.process);
        long from = w.positions.getOrDefault(key, 0L);
        issue(w, new ReadRequest(w.requestId, from, config.maxPollEntries()));
    }

    private void issue(Worker w, LogServiceMessage request) {
        inFlight.put(w.requestId, w);
        long requestId = w.requestId;
        w.timerId = env.timers().schedule(config.requestTimeoutNs(), () -> timedOut(w, requestId));
        env.network().send((int) w.key, request);
    }

    private void timedOut(Worker w, long requestId) {
        if (inFlight.remove(requestId) == null) {
            return;
        }
        if (w.sending) {
            history.completeSend(w.process, Op.Type.INFO, w.key, w.value, -1);
        } else {
            history.completePoll(w.process, Op.Type.INFO, w.key, List.of());
        }
        // Jepsen: an indeterminate op ends the process. The new process keeps the positions: a poll has no
        // effect on the server, and restarting every key from offset 0 after each lost message would never let
        // a long drain finish on a lossy network.
        w.process += config.processes();
        next(w);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (message instanceof AppendResponse r) {
            Worker w = inFlight.remove(r.requestId());
            if (w == null) {
                return; // a late or duplicated answer
            }
            env.timers().cancel(w.timerId);
                if (r.ok()) {
                history.completeSend(w.process, Op.Type.OK, w.key, w.value, r.offset());
            } else {
                history.completeSend(w.process, Op.Type.FAIL, w.key, w.value, -1);
            }
            next(w);
        } else if (message instanceof ReadResponse r) {
            Worker w = inFlight.remove(r.requestId());
            if (w == null) {
                return;
            }
            env.timers().cancel(w.timerId);
                if (!r.ok()) {
                history.completePoll(w.process, Op.Type.FAIL, w.key, List.of());
                next(w);
                return;
            }
            history.completePoll(w.process, Op.Type.OK, w.key, r.entries());
            if (!r.entries().isEmpty()) {
                w.positions.put(w.key, r.entries().get(r.entries().size() - 1).offset() + 1);
            } else if (w.draining) {
                drainsFinished++; // read to the end
                return;
            }
            next(w);
        }
    }

    private void next(Worker w) {
        if (w.draining) {
            env.timers().schedule(config.thinkTimeNs(), () -> poll(w, w.key));
        } else {
            scheduleNext(w);
        }
    }

    /** After the heal: one fresh worker per key reads it from offset 0 to its end (the job calls this). */
    public void startDrain() {
        stopped = true;
        int slot = workers.size();
        for (int key : config.serverIds()) {
            Worker w = new Worker(slot);
            w.process = 1_000_000L + slot++;
            w.draining = true;
            w.key = key;
            workers.add(w);
            poll(w, key);
        }
    }
}
