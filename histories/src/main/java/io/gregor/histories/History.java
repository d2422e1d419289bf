package io.gregor.histories;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, validated history: a list of {@link Op} events in the order they happened, with each invocation
 * paired with its completion.
 *
 * <p>Validation follows Jepsen's rules and reports the first break as a one-line {@link HistoryFormatException}:
 * indexes strictly ascending; a process has at most one operation in flight (a second invocation before the
 * first completes is an error); every completion answers an invocation in flight of the same process and the
 * same function. Jepsen writes both halves of a nemesis operation as {@code info}, so for a non-client process an
 * {@code info} with nothing in flight opens an operation. A client process's invocation the history never
 * completes is allowed (its outcome is unknown, like {@code info}).
 *
 * <p>Positions (0-based places in the list) identify events; {@link Op#index()} is the history's own numbering,
 * usually equal to the position.
 */
public final class History implements Iterable<Op> {

    private static final History EMPTY = new History(List.of(), new int[0]);

    private final List<Op> ops;
    /** For each position, the position of the other half of its operation, or -1 (a pending invocation). */
    private final int[] pairOf;

    private History(List<Op> ops, int[] pairOf) {
        this.ops = ops;
        this.pairOf = pairOf;
    }

    /** The empty history. */
    public static History empty() {
        return EMPTY;
    }

    /** Validates {@code ops}; errors name the event's position. */
    public static History of(List<Op> ops) {
        return build(ops, null);
    }

    /** Validates {@code ops} read from a file; errors name {@code lineNumbers[position]}. */
    public static History of(List<Op> ops, int[] lineNumbers) {
        if (lineNumbers.length != ops.size()) {
            throw new IllegalArgumentException("need one line number per event: " + lineNumbers.length + " for "
                    + ops.size());
        }
        return build(ops, lineNumbers);
    }

    /** Numbers the events 0, 1, 2... by position (ignoring their indexes), then validates. */
    public static History reindexed(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            out.add(op.index() == i ? op : op.withIndex(i));
        }
        return build(out, null);
    }

    private static History build(List<Op> input, int[] lines) {
        List<Op> ops = Collections.unmodifiableList(new ArrayList<>(input));
        int[] pairOf = new int[ops.size()];
        Arrays.fill(pairOf, -1);
        // process -> position of its operation in flight; lookups only, never iterated
        Map<Object, Integer> inFlight = new HashMap<>();
        long previousIndex = Long.MIN_VALUE;
        for (int position = 0; position < ops.size(); position++) {
            Op op = ops.get(position);
            if (op == null) {
                throw error(lines, position, "no event");
            }
            if (position > 0 && op.index() <= previousIndex) {
                throw error(lines, position, "index " + op.index() + " out of order: it follows index "
                        + previousIndex + " (indexes must ascend)");
            }
            previousIndex = op.index();
            Object process = processKey(op.process());
            Integer open = inFlight.get(process);
            if (op.isInvoke()) {
                if (open != null) {
                    throw error(lines, position, "process " + process + " invokes " + op.f()
                            + " while its " + ops.get(open).f() + " (index " + ops.get(open).index()
                            + ") has not completed");
                }
                inFlight.put(process, position);
            } else if (open != null) {
                Op invoke = ops.get(open);
                if (!invoke.f().equals(op.f())) {
                    throw error(lines, position, "process " + process + " completes " + op.f() + " ("
                            + op.type().jepsenName() + ") but invoked " + invoke.f() + " (index "
                            + invoke.index() + ")");
                }
                pairOf[open] = position;
                pairOf[position] = open;
                inFlight.remove(process);
            } else if (op.type() == Op.Type.INFO && !op.isClient()) {
                inFlight.put(process, position); // Jepsen's nemesis: info opens, the next info completes
            } else {
                throw error(lines, position, op.type().jepsenName() + " " + op.f() + " from process " + process
                        + " with no invocation in flight");
            }
        }
        return new History(ops, pairOf);
    }

    private static HistoryFormatException error(int[] lines, int position, String what) {
        return lines == null ? HistoryFormatException.atPosition(position, what)
                : HistoryFormatException.atLine(lines[position], what);
    }

    /** Readers may give a process as Integer or Long; both name the same process. */
    public static Object processKey(Object process) {
        return process instanceof Integer ? Long.valueOf((Integer) process) : process;
    }

    /** The events, in order (unmodifiable). */
    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    public Op get(int position) {
        return ops.get(position);
    }

    @Override
    public Iterator<Op> iterator() {
        return ops.iterator();
    }

    /** The position of the other half of the operation at {@code position}, or -1 if there is none. */
    public int pairPosition(int position) {
        return pairOf[position];
    }

    /** True when the event at {@code position} opens an operation (an invocation, or a nemesis's first info). */
    public boolean opensOperation(int position) {
        int other = pairOf[position];
        return other < 0 ? isOpenAtEnd(position) : other > position;
    }

    private boolean isOpenAtEnd(int position) {
        Op op = ops.get(position);
        return op.isInvoke() || (op.type() == Op.Type.INFO && !op.isClient());
    }

    /** The completion of the invocation at {@code position}, or null if the history never completed it. */
    public Op completionOf(int invokePosition) {
        int other = pairOf[invokePosition];
        return other > invokePosition ? ops.get(other) : null;
    }

    /** The invocation of the completion at {@code position}, or null if the event is itself an invocation. */
    public Op invocationOf(int completionPosition) {
        int other = pairOf[completionPosition];
        return other >= 0 && other < completionPosition ? ops.get(other) : null;
    }

    /** The position of the event with {@code index}, or -1 (indexes ascend, so this is a binary search). */
    public int positionOfIndex(long index) {
        int lo = 0;
        int hi = ops.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = ops.get(mid).index();
            if (at < index) {
                lo = mid + 1;
            } else if (at > index) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Every operation (invocation with its completion, if any), in invocation order. */
    public List<OpPair> operations() {
        List<OpPair> out = new ArrayList<>(ops.size() / 2 + 1);
        for (int position = 0; position < ops.size(); position++) {
            if (opensOperation(position)) {
                int other = pairOf[position];
                out.add(new OpPair(position, other, ops.get(position), other < 0 ? null : ops.get(other)));
            }
        }
        return out;
    }

    /** The processes, in order of first appearance (Integer processes as Long). */
    public List<Object> processes() {
        return new ArrayList<>(byProcess().keySet());
    }

    /** Each process's own events, in history order; processes in order of first appearance. */
    public Map<Object, List<Op>> byProcess() {
        Map<Object, List<Op>> out = new LinkedHashMap<>();
        for (Op op : ops) {
            out.computeIfAbsent(processKey(op.process()), p -> new ArrayList<>()).add(op);
        }
        return out;
    }

    /** The events of client processes only (the nemesis's left out), still a valid history. */
    public History clientOps() {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            if (op.isClient()) {
                out.add(op);
            }
        }
        return out.size() == ops.size() ? this : build(out, null);
    }

    /** Figures for reports. */
    public HistorySummary summary() {
        return HistorySummary.of(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History && ((History) o).ops.equals(ops);
    }

    @Override
    public int hashCode() {
        return ops.hashCode();
    }

    @Override
    public String toString() {
        return "History(" + ops.size() + " events)";
    }
}
