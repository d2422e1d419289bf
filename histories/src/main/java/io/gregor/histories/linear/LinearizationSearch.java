package io.gregor.histories.linear;

import io.gregor.histories.Verdict;
import java.util.Arrays;
import java.util.List;

/**
 * The search over one part of a history: Wing &amp; Gong's algorithm with Lowe's memo ("Testing for
 * linearizability", 2017), laid out as in Porcupine.
 *
 * <p>Every operation contributes a call entry and a return entry to a doubly linked list in history order.
 * Scanning from the head, a call entry is a candidate to linearize next: if the model accepts it from the current
 * state and the resulting (linearized set, state) pair is new, the operation is "lifted" out of the list (both its
 * entries) and the scan restarts from the head. Reaching a return entry means the operation it belongs to had to be
 * linearized by now and was not: the search backtracks, "unlifting" the last operation and trying the call after
 * it. The history is linearizable when every operation with a known outcome is lifted; it is not when the search
 * backtracks past the first choice.
 *
 * <p>Operations with an unknown outcome return "at infinity": their return entries sit after all others, so they
 * never force a backtrack, and the search is done without them once every known operation is placed — they may
 * or may not have happened.
 *
 * <p>Two refinements of the order in which candidates are tried, neither of which loses a linearization:
 * <ol>
 *   <li>Observations first, and without branching. An operation the model marks {@linkplain Model#readOnly
 *       read-only} (a read, a get, a poll) that is a candidate and agrees with the current state is linearized at
 *       once, and its alternatives are not tried: if any linearization exists from here, one exists with the
 *       observation moved to the front (it changes no state, and as a candidate nothing remaining had to precede
 *       it). This removes most of the branching of read-heavy histories, where plain WGL lets writes run ahead
 *       and then backtracks through their orders to find room for each read.</li>
 *   <li>Indeterminate operations last: tried only when the known ones are exhausted at a point. Most are not
 *       needed to explain anything, so a valid history's linearization is found sooner.</li>
 * </ol>
 *
 * <p>The list is flyweight: call entry of operation {@code i} is index {@code i}, its return entry {@code n + i},
 * the head sentinel {@code 2n}; {@code next}/{@code prev} are int arrays. The linearized set ({@link
 * LinearizedSet}) keeps its hash incrementally and snapshots compactly, so a memo probe costs one state hash and,
 * on a hit, a compare of a few words.
 */
final class LinearizationSearch<S, C> {

    private static final int END = -1;
    /** Read-only operations with a known outcome: linearized without branching. */
    private static final byte PASS_OBSERVE = 0;
    /** Other operations with a known outcome. */
    private static final byte PASS_KNOWN = 1;
    /** Operations of unknown outcome (returning at infinity). */
    private static final byte PASS_INDETERMINATE = 2;
    /** How often (in loop iterations) the search looks at the clock and charges the budget meter. */
    private static final int BUDGET_CHECK_INTERVAL = 1 << 12;

    private final Model<S, C> model;
    private final Object[] commands;
    private final int n;
    private final int finiteCount;
    private final boolean[] infinite;
    /** Which pass tries each operation: {@link #PASS_OBSERVE}, {@link #PASS_KNOWN} or {@link #PASS_INDETERMINATE}. */
    private final byte[] pass;
    /** Whether any operation belongs to each pass. */
    private final boolean[] passUsed = new boolean[3];
    private final int[] next;
    private final int[] prev;
    private final int head;

    /**
     * @param model the sequential specification
     * @param operations the part's operations, in invocation order
     * @param commands each operation's command ({@code model.command}), same indexes
     */
    LinearizationSearch(Model<S, C> model, List<Operation> operations, List<C> commands) {
        if (operations.size() != commands.size()) {
            throw new IllegalArgumentException("one command per operation: " + operations.size() + " operations, "
                    + commands.size() + " commands");
        }
        this.model = model;
        this.n = operations.size();
        this.commands = commands.toArray();
        this.infinite = new boolean[n];
        this.pass = new byte[n];
        int finite = 0;
        for (int i = 0; i < n; i++) {
            infinite[i] = operations.get(i).returnPosition() == Operation.INFINITY;
            if (!infinite[i]) {
                finite++;
            }
            pass[i] = infinite[i] ? PASS_INDETERMINATE : model.readOnly(commands.get(i)) ? PASS_OBSERVE : PASS_KNOWN;
            passUsed[pass[i]] = true;
        }
        this.finiteCount = finite;
        this.head = 2 * n;
        this.next = new int[2 * n + 1];
        this.prev = new int[2 * n + 1];
        link(operations);
    }

    /** Threads calls and returns into one list in history order: calls by invocation, returns by completion. */
    private void link(List<Operation> operations) {
        int[] byReturn = EntryOrder.byReturnPosition(operations);
        int previous = head;
        int call = 0;
        int ret = 0;
        long lastCall = Long.MIN_VALUE;
        while (call < n || ret < n) {
            int entry;
            if (call < n && (ret == n
                    || operations.get(call).callPosition() < operations.get(byReturn[ret]).returnPosition())) {
                long position = operations.get(call).callPosition();
                if (position <= lastCall) {
                    throw new IllegalArgumentException("a part's operations must be in invocation order");
                }
                lastCall = position;
                entry = call++;
            } else {
                entry = n + byReturn[ret++];
            }
            next[previous] = entry;
            prev[entry] = previous;
            previous = entry;
        }
        next[previous] = END;
    }

    /**
     * Runs the search to a verdict, until {@code meter} says the budget is spent, or until it has called the model
     * {@code maxSteps} times (then the outcome is {@link SearchOutcome#stepLimited()}).
     *
     * <p>At each point the list is scanned once per pass (observations, then other known operations, then
     * indeterminate ones); which calls are candidates (those before the first remaining return entry) does not
     * depend on the pass. A point is a dead end when the last pass reaches a return entry, or when an observation
     * that agrees with the state leads to an explored configuration (its alternatives are not needed, see the
     * class comment).
     */
    @SuppressWarnings("unchecked")
    SearchOutcome run(BudgetMeter meter, long maxSteps) {
        MemoTable memo = new MemoTable();
        LinearizedSet linearized = new LinearizedSet(n);
        int[] stackOp = new int[n];
        Object[] stackState = new Object[n];
        byte[] stackPass = new byte[n];
        int depth = 0;
        int[] longest = new int[0];
        int linearizedFinite = 0;
        long steps = 0;
        long chargedEntries = 0;
        long chargedBytes = 0;
        int sinceCheck = 0;
        byte currentPass = firstPass();
        S state = model.initialState();
        int entry = next[head];
        try {
            while (linearizedFinite < finiteCount) {
                if (++sinceCheck == BUDGET_CHECK_INTERVAL) {
                    sinceCheck = 0;
                    long bytes = memo.estimatedBytes();
                    boolean withinBudget = meter.charge(memo.size() - chargedEntries, bytes - chargedBytes);
                    chargedEntries = memo.size();
                    chargedBytes = bytes;
                    if (!withinBudget) {
                        return new SearchOutcome(Verdict.UNKNOWN, memo.size(), steps, longest,
                                meter.exhaustedReason());
                    }
                    if (steps >= maxSteps) {
                        return new SearchOutcome(Verdict.UNKNOWN, memo.size(), steps, longest,
                                SearchOutcome.STEP_LIMIT);
                    }
                }
                boolean deadEnd = false;
                if (entry < n) { // a call: try to linearize this operation next
                    int op = entry;
                    entry = next[entry];
                    if (pass[op] != currentPass) {
                        continue;
                    }
                    steps++;
                    S after = model.step(state, (C) commands[op]);
                    if (after == null) {
                        continue;
                    }
                    linearized.add(op);
                    if (memo.addIfAbsent(linearized, after)) {
                        stackOp[depth] = op;
                        stackState[depth] = state;
                        stackPass[depth] = currentPass;
                        depth++;
                        state = after;
                        if (!infinite[op]) {
                            linearizedFinite++;
                        }
                        lift(op);
                        currentPass = firstPass();
                        entry = next[head];
                        continue;
                    }
                    linearized.remove(op);
                    if (currentPass != PASS_OBSERVE) {
                        continue;
                    }
                    deadEnd = true; // the observation's configuration was explored and failed: so does this point
                } else {
                    byte later = nextPass(currentPass);
                    if (later >= 0) { // this pass's candidates are exhausted: rescan for the next kind
                        currentPass = later;
                        entry = next[head];
                        continue;
                    }
                    // a return entry in the last pass: its operation had to be linearized by now and was not
                    if (depth > longest.length) {
                        longest = Arrays.copyOf(stackOp, depth);
                    }
                    deadEnd = true;
                }
                // undo choices: an observation's alternatives are not tried, so a dead end below one is its own
                while (deadEnd) {
                    if (depth == 0) {
                        return new SearchOutcome(Verdict.INVALID, memo.size(), steps, longest, null);
                    }
                    depth--;
                    int op = stackOp[depth];
                    state = (S) stackState[depth];
                    stackState[depth] = null;
                    currentPass = stackPass[depth];
                    linearized.remove(op);
                    if (!infinite[op]) {
                        linearizedFinite--;
                    }
                    unlift(op);
                    entry = next[op];
                    deadEnd = currentPass == PASS_OBSERVE;
                }
            }
            return new SearchOutcome(Verdict.VALID, memo.size(), steps, Arrays.copyOf(stackOp, depth), null);
        } catch (OutOfMemoryError e) {
            // Last resort: the estimate in the budget should stop the search first. Dropping the memo (it is
            // unreachable once we return) frees the heap; the user gets "unknown", not a dead checker.
            memo = null;
            meter.exhaust("out of memory while searching (lower the memo budget)");
            return new SearchOutcome(Verdict.UNKNOWN, 0, steps, longest, meter.exhaustedReason());
        } finally {
            meter.charge(-chargedEntries, -chargedBytes);
        }
    }

    private byte firstPass() {
        for (byte p = PASS_OBSERVE; p <= PASS_INDETERMINATE; p++) {
            if (passUsed[p]) {
                return p;
            }
        }
        return PASS_KNOWN; // no operations at all: the loop does not run
    }

    /** The next pass with operations after {@code current}, or -1. */
    private byte nextPass(byte current) {
        for (byte p = (byte) (current + 1); p <= PASS_INDETERMINATE; p++) {
            if (passUsed[p]) {
                return p;
            }
        }
        return -1;
    }

    /** Takes operation {@code op} (both entries) out of the list. */
    private void lift(int op) {
        next[prev[op]] = next[op];
        prev[next[op]] = prev[op]; // a call is always followed by at least its own return
        int ret = n + op;
        next[prev[ret]] = next[ret];
        if (next[ret] != END) {
            prev[next[ret]] = prev[ret];
        }
    }

    /** Puts operation {@code op} back where it was, undoing {@link #lift} (dancing links). */
    private void unlift(int op) {
        int ret = n + op;
        next[prev[ret]] = ret;
        if (next[ret] != END) {
            prev[next[ret]] = ret;
        }
        next[prev[op]] = op;
        prev[next[op]] = op;
    }
}
