package io.gregor.controllersim;

import io.gregor.controller.CreatableTopic;
import io.gregor.controller.CreateTopicResult;
import io.gregor.controller.CreateTopicsRequest;
import io.gregor.controller.DeleteTopicResult;
import io.gregor.controller.DeleteTopicsRequest;
import io.gregor.controller.Errors;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.DescribeTopic;
import io.gregor.controllersim.ControllerMessage.DescribeTopicReply;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Admin clients recording a Jepsen history with one compare-and-set register per topic name (value 1 while the
 * topic exists, nil otherwise), checked with {@code cas-register:failed-cas-observes}:
 * <ul>
 *   <li>create T is {@code cas [nil 1]}: {@code ok} on success; {@code fail} on TOPIC_ALREADY_EXISTS (the compare
 *       ran and saw another value);</li>
 *   <li>delete T is {@code cas [1 nil]}: {@code ok}; {@code fail} on UNKNOWN_TOPIC_OR_PARTITION;</li>
 *   <li>describe T is {@code read}: 1 if the topic exists, nil if not.</li>
 * </ul>
 * Like Kafka's admin client, an operation refused with a definite NOT_CONTROLLER (nothing was appended) is retried
 * against the hinted controller until the operation's deadline. A timeout, a refusal after an append, or any other
 * error of a cas is recorded {@code info} — it may have taken effect, and a {@code fail} would claim an
 * observation — and that process never invokes again (a new process takes the slot). When the network duplicates
 * messages a copy of an earlier attempt may apply later, so every cas error is {@code info} then. A read that does
 * not complete is a {@code fail}: it changed nothing.
 */
public final class AdminClientNode implements Node {

    /** An operation not answered in this long completes as indeterminate. */
    public static final long OP_TIMEOUT_NS = 4_000_000_000L;
    /** Wait before retrying after NOT_CONTROLLER. */
    public static final long RETRY_BACKOFF_NS = 100_000_000L;
    /** Partitions and replication factor of every topic created. */
    public static final int PARTITIONS = 2;
    public static final int REPLICATION_FACTOR = 2;

    private final List<Integer> controllers;
    private final List<String> topics;
    private final int processes;
    private final long stopAtNs;
    private final boolean definiteFailures;
    private final List<Op> history = new ArrayList<>();
    private final Slot[] slots;
    private Env env;
    private long nextRequestId;
    private long nextProcess;
    private int controllerGuess;
    private long startNs;

    /** One client process's current operation. */
    private static final class Slot {
        long process;
        long requestId;
        long opNumber;
        String f;
        String op;
        String topic;
        long deadlineTimer;
    }

    /**
     * @param topics the topic names operated on (one register each)
     * @param definiteFailures whether an error reply proves what it says: false when the network duplicates
     *     messages
     */
    public AdminClientNode(List<Integer> controllers, List<String> topics, int processes, long stopAtNs,
            boolean definiteFailures) {
        if (topics.isEmpty() || processes < 1) {
            throw new IllegalArgumentException("an admin client needs topics and at least one process");
        }
        this.controllers = List.copyOf(controllers);
        this.topics = List.copyOf(topics);
        this.processes = processes;
        this.stopAtNs = stopAtNs;
        this.definiteFailures = definiteFailures;
        this.slots = new Slot[processes];
    }

    @Override
    public void start(Env env) {
        this.env = env;
        this.startNs = env.clock().nanoTime();
        this.controllerGuess = controllers.get(0);
        for (int i = 0; i < processes; i++) {
            Slot s = new Slot();
            s.process = nextProcess++;
            slots[i] = s;
            scheduleNext(s);
        }
    }

    /** The history so far; operations still open are completed {@code info} (reads {@code fail}) in the copy. */
    public List<Op> history() {
        List<Op> out = new ArrayList<>(history);
        for (Slot s : slots) {
            if (s != null && s.requestId != 0) {
                out.add(op(out.size(), s, s.f.equals("read") ? Op.Type.FAIL : Op.Type.INFO, invokeValue(s),
                        "run ended"));
            }
        }
        return out;
    }

    private void scheduleNext(Slot s) {
        env.timers().schedule(env.entropy().between(20_000_000L, 150_000_000L), () -> invoke(s));
    }

    private void invoke(Slot s) {
        if (env.clock().nanoTime() - startNs >= stopAtNs) {
            return;
        }
        int pick = env.entropy().nextInt(20);
        s.op = pick < 8 ? "create" : pick < 13 ? "delete" : "describe";
        s.f = s.op.equals("describe") ? "read" : "cas";
        s.topic = topics.get(env.entropy().nextInt(topics.size()));
        s.requestId = ++nextRequestId;
        record(s, Op.Type.INVOKE, invokeValue(s), null);
        long opNumber = ++s.opNumber;
        s.deadlineTimer = env.timers().schedule(OP_TIMEOUT_NS, () -> onDeadline(s, opNumber));
        send(s);
    }

    private void send(Slot s) {
        Object request;
        if (s.op.equals("create")) {
            request = new ControllerRpc(s.requestId, new CreateTopicsRequest(List.of(
                    new CreatableTopic(s.topic, PARTITIONS, REPLICATION_FACTOR))));
        } else if (s.op.equals("delete")) {
            request = new ControllerRpc(s.requestId, new DeleteTopicsRequest(List.of(s.topic)));
        } else {
            request = new DescribeTopic(s.requestId, s.topic);
        }
        env.network().send(controllerGuess, request);
    }

    private void onDeadline(Slot s, long opNumber) {
        if (s.opNumber != opNumber || s.requestId == 0) {
            return;
        }
        rotateController();
        complete(s, s.f.equals("read") ? Op.Type.FAIL : Op.Type.INFO, invokeValue(s), "timeout");
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (!(message instanceof ControllerMessage m) || m.requestId() == 0) {
            return;
        }
        for (Slot s : slots) {
            if (s.requestId == m.requestId()) {
                onReply(s, fromNodeId, m);
                return;
            }
        }
    }

    private void onReply(Slot s, int from, ControllerMessage m) {
        if (m instanceof NotController n) {
            controllerGuess = n.leaderHint() >= 0 ? n.leaderHint()
                    : controllers.get((controllers.indexOf(from) + 1) % controllers.size());
            boolean read = s.f.equals("read");
            if (!read && !n.definite()) {
                complete(s, Op.Type.INFO, invokeValue(s), "controller lost leadership after appending");
            } else if (!read && !definiteFailures) {
                // a duplicate of the refused attempt could still apply later, so a retry's answer proves nothing
                complete(s, Op.Type.INFO, invokeValue(s), "refused, but a duplicate may still apply");
            } else {
                retry(s);
            }
            return;
        } else if (m instanceof DescribeTopicReply r) {
            complete(s, Op.Type.OK, r.topic().isPresent() ? 1L : null, null);
        } else if (m instanceof ControllerReply r) {
            Errors error = errorOf(r.reply());
            if (error == Errors.NONE) {
                complete(s, Op.Type.OK, invokeValue(s), null);
            } else if (definiteFailures && (error == Errors.TOPIC_ALREADY_EXISTS
                    || error == Errors.UNKNOWN_TOPIC_OR_PARTITION)) {
                complete(s, Op.Type.FAIL, invokeValue(s), error.name());
            } else {
                complete(s, Op.Type.INFO, invokeValue(s), error.name());
            }
        }
    }

    /** Nothing was appended: try again under a fresh request id (within the same deadline), after a backoff. */
    private void retry(Slot s) {
        long retryId = ++nextRequestId;
        s.requestId = retryId;
        env.timers().schedule(RETRY_BACKOFF_NS, () -> {
            if (s.requestId == retryId) {
                send(s);
            }
        });
    }

    private static Errors errorOf(Object reply) {
        if (reply instanceof List<?> list && list.size() == 1) {
            Object result = list.get(0);
            if (result instanceof CreateTopicResult c) {
                return c.error();
            } else if (result instanceof DeleteTopicResult d) {
                return d.error();
            }
        }
        return Errors.INVALID_REQUEST;
    }

    private void complete(Slot s, Op.Type type, Object value, String error) {
        env.timers().cancel(s.deadlineTimer);
        record(s, type, value, error);
        if (type == Op.Type.INFO) {
            s.process = nextProcess++; // Jepsen: an indeterminate process never invokes again
        }
        s.requestId = 0;
        scheduleNext(s);
    }

    private void rotateController() {
        controllerGuess = controllers.get((controllers.indexOf(controllerGuess) + 1) % controllers.size());
    }

    private static Object invokeValue(Slot s) {
        if (s.op.equals("create")) {
            return Arrays.asList(null, 1L);
        } else if (s.op.equals("delete")) {
            return Arrays.asList(1L, null);
        }
        return null;
    }

    private void record(Slot s, Op.Type type, Object value, String error) {
        history.add(op(history.size(), s, type, value, error));
    }

    private Op op(long index, Slot s, Op.Type type, Object value, String error) {
        return new Op(index, env.clock().nanoTime() - startNs, s.process, type, s.f, value, error,
                Map.of("topic", s.topic));
    }
}
