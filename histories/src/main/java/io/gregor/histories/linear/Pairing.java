package io.gregor.histories.linear;

import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each invocation with the next completion of the same process, giving the history's {@link Operation}s in
 * invocation order.
 *
 * <p>Jepsen's rules: a process has at most one operation in flight; {@code ok} means it took effect, {@code fail}
 * that it did not, {@code info} that nobody knows. An invocation never completed before the history ends is
 * treated like {@code info}. Events of the nemesis (process {@code :nemesis}) describe faults, not operations on
 * the system under test, and are skipped.
 *
 * <p>A malformed history (a completion with nothing in flight, a second invocation while one is in flight, a
 * completion naming another function) is rejected with a one-line {@link IllegalArgumentException}.
 */
public final class Pairing {

    private Pairing() {
    }

    /** The operations of {@code history}, in the order they were invoked. */
    public static List<Operation> pair(List<Op> history) {
        List<Operation> out = new ArrayList<>(history.size() / 2 + 1);
        // process -> position in history of its in-flight invocation. Lookup only, never iterated for output order.
        Map<Object, Integer> inFlight = new HashMap<>();
        // slot in `out` reserved for each in-flight invocation, so operations come out in invocation order
        Map<Object, Integer> slot = new HashMap<>();
        for (int position = 0; position < history.size(); position++) {
            Op op = history.get(position);
            if (isNemesis(op.process())) {
                continue;
            }
            Object process = processKey(op.process());
            if (op.isInvoke()) {
                Integer previous = inFlight.get(process);
                if (previous != null) {
                    throw new IllegalArgumentException("history index " + op.index() + ": process " + process
                            + " invoked " + op.f() + " while its operation at index "
                            + history.get(previous).index() + " was still in flight");
                }
                inFlight.put(process, position);
                slot.put(process, out.size());
                out.add(null);
            } else {
                Integer callPosition = inFlight.remove(process);
                if (callPosition == null) {
                    throw new IllegalArgumentException("history index " + op.index() + ": " + op.type().jepsenName()
                            + " from process " + process + " with no invocation in flight");
                }
                Op invocation = history.get(callPosition);
                if (!invocation.f().equals(op.f())) {
                    throw new IllegalArgumentException("history index " + op.index() + ": completion of "
                            + op.f() + " for an invocation of " + invocation.f() + " (process " + process + ")");
                }
                long returnPosition = op.type() == Op.Type.INFO ? Operation.INFINITY : position;
                out.set(slot.remove(process), new Operation(process, invocation.f(), invocation.value(),
                        op.type(), op.value(), invocation, op, callPosition, returnPosition));
            }
        }
        // invocations the history never completed: unknown outcome
        for (Map.Entry<Object, Integer> pending : inFlight.entrySet()) {
            Op invocation = history.get(pending.getValue());
            out.set(slot.get(pending.getKey()), new Operation(pending.getKey(), invocation.f(), invocation.value(),
                    Op.Type.INFO, null, invocation, null, pending.getValue(), Operation.INFINITY));
        }
        return out;
    }

    /** Jepsen's fault injector is process {@code :nemesis}; its events are not operations. */
    static boolean isNemesis(Object process) {
        return (process instanceof Keyword && ((Keyword) process).name().equals("nemesis"))
                || "nemesis".equals(process);
    }

    /** Readers may give a process as Integer or Long; both must name the same process. */
    private static Object processKey(Object process) {
        if (process instanceof Number && !(process instanceof Double) && !(process instanceof Float)) {
            return ((Number) process).longValue();
        }
        return process;
    }
}
