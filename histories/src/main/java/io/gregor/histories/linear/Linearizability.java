package io.gregor.histories.linear;

import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks that a history is linearizable with respect to a {@link Model}.
 *
 * <p>The check: pair invocations with completions ({@link Pairing}); drop the {@code fail}ed operations unless the
 * model counts a failure as an observation; split the rest into independent parts ({@link Model#partition},
 * P-compositionality); search each part ({@link LinearizationSearch}); combine. Any invalid part makes the history
 * invalid; otherwise any part the budget cut short makes it unknown.
 *
 * <p>The result's checker name is {@code linearizable/<model>}. Its details count operations, parts and explored
 * states; for each invalid part there is one {@code nonlinearizable} anomaly whose witnesses are the operations
 * that cannot be placed after the longest linearizable prefix, and a {@code failures} entry in the details with
 * that prefix (as history indexes of the invocations).
 */
public final class Linearizability {

    /** Unknown and failing parts listed by key in the details, at most. */
    static final int MAX_LISTED_PARTS = 20;
    /** Model steps each part may take in the first round of the search. */
    static final long FIRST_ROUND_STEPS = 1 << 16;
    /** Factor by which the step allowance grows from one round to the next. */
    static final int ROUND_GROWTH = 8;
    /** Why a part is left undecided once another part is found not linearizable. */
    static final String NOT_SEARCHED_FURTHER = "not searched further once another part was found not linearizable";

    private Linearizability() {
    }

    /** Checks {@code history} on the calling thread. */
    public static CheckResult check(List<Op> history, Model<?, ?> model, Budget budget) {
        return check(history, model, budget, 1);
    }

    /**
     * Checks {@code history}, searching up to {@code threads} parts at once. The result does not depend on the
     * number of threads (unless the wall-time budget runs out).
     */
    public static CheckResult check(List<Op> history, Model<?, ?> model, Budget budget, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        return run(history, model, budget, threads);
    }

    private static <S, C> CheckResult run(List<Op> history, Model<S, C> model, Budget budget, int threads) {
        BudgetMeter meter = new BudgetMeter(budget, System.nanoTime());
        List<Operation> paired = Pairing.pair(history);
        List<Operation> kept = new ArrayList<>(paired.size());
        int droppedFails = 0;
        int indeterminate = 0;
        for (Operation op : paired) {
            if (op.outcome() == Op.Type.FAIL && !model.failIsObservation(op)) {
                droppedFails++;
                continue;
            }
            if (op.isIndeterminate()) {
                indeterminate++;
            }
            kept.add(op);
        }
        List<Partition> parts = model.partition(kept);
        List<PartCheck<S, C>> checks = new ArrayList<>(parts.size());
        for (Partition part : parts) {
            checks.add(new PartCheck<>(model, part));
        }
        runAll(checks, meter, threads);
        return summarize(model, checks, paired.size(), droppedFails, indeterminate, meter);
    }

    /**
     * Searches the parts in rounds of growing step allowances: every undecided part gets {@link
     * #FIRST_ROUND_STEPS} model steps, then those still undecided get {@link #ROUND_GROWTH} times more, and so on.
     * One hard part cannot starve the others: an easy refutation elsewhere is found in the first round, and the
     * history is then invalid whatever the hard part would say, so the search stops there (the parts left
     * undecided are reported unknown). Restarting a part costs at most 1/(growth-1) extra work, and the last
     * part standing runs without a step limit.
     */
    private static <S, C> void runAll(List<PartCheck<S, C>> checks, BudgetMeter meter, int threads) {
        List<PartCheck<S, C>> pending = checks;
        long allowance = FIRST_ROUND_STEPS;
        while (!pending.isEmpty()) {
            if (pending.size() == 1) {
                allowance = Long.MAX_VALUE; // nothing left to interleave with: restarting would only repeat work
            }
            runRound(pending, meter, threads, allowance);
            List<PartCheck<S, C>> undecided = new ArrayList<>();
            for (PartCheck<S, C> check : pending) {
                if (check.outcome().stepLimited()) {
                    undecided.add(check);
                }
            }
            boolean invalidFound = false;
            for (PartCheck<S, C> check : checks) {
                invalidFound |= check.outcome().verdict() == Verdict.INVALID;
            }
            if (invalidFound) {
                for (PartCheck<S, C> check : undecided) {
                    check.abandon(NOT_SEARCHED_FURTHER);
                }
                return;
            }
            pending = undecided;
            allowance = allowance > Long.MAX_VALUE / ROUND_GROWTH ? Long.MAX_VALUE : allowance * ROUND_GROWTH;
        }
    }

    private static <S, C> void runRound(List<PartCheck<S, C>> checks, BudgetMeter meter, int threads,
            long allowance) {
        if (threads == 1 || checks.size() <= 1) {
            for (PartCheck<S, C> check : checks) {
                check.run(meter, allowance);
            }
            return;
        }
        AtomicInteger nextPart = new AtomicInteger();
        List<RuntimeException> failures = new ArrayList<>();
        Runnable worker = () -> {
            for (int i = nextPart.getAndIncrement(); i < checks.size(); i = nextPart.getAndIncrement()) {
                try {
                    checks.get(i).run(meter, allowance);
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    meter.exhaust("a part failed: " + e.getMessage());
                }
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, checks.size()); t++) {
            Thread thread = new Thread(worker, "linearizability-" + t);
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                meter.exhaust("interrupted");
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0); // a malformed operation: the same one-line error a single thread gives
        }
    }

    private static <S, C> CheckResult summarize(Model<S, C> model, List<PartCheck<S, C>> checks, int operations,
            int droppedFails, int indeterminate, BudgetMeter meter) {
        Verdict verdict = Verdict.VALID;
        long explored = 0;
        long steps = 0;
        long maxExplored = 0;
        int valid = 0;
        int invalid = 0;
        int unknown = 0;
        List<Anomaly> anomalies = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        List<String> unknownKeys = new ArrayList<>();
        for (PartCheck<S, C> check : checks) {
            SearchOutcome outcome = check.outcome();
            verdict = verdict.and(outcome.verdict());
            explored += outcome.exploredStates();
            steps += check.totalSteps();
            maxExplored = Math.max(maxExplored, outcome.exploredStates());
            if (outcome.verdict() == Verdict.VALID) {
                valid++;
            } else if (outcome.verdict() == Verdict.UNKNOWN) {
                unknown++;
                if (unknownKeys.size() < MAX_LISTED_PARTS) {
                    unknownKeys.add(check.key());
                }
            } else {
                invalid++;
                Counterexample cex = check.counterexample();
                anomalies.add(anomaly(check.key(), cex));
                if (failures.size() < MAX_LISTED_PARTS) {
                    failures.add(failureDetails(check.key(), cex));
                }
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model.name());
        details.put("operations", (long) operations);
        details.put("dropped-fails", (long) droppedFails);
        details.put("indeterminate", (long) indeterminate);
        details.put("partitions", (long) checks.size());
        details.put("partitions-valid", (long) valid);
        details.put("partitions-invalid", (long) invalid);
        details.put("partitions-unknown", (long) unknown);
        details.put("explored-states", explored);
        details.put("max-partition-explored-states", maxExplored);
        details.put("model-steps", steps);
        if (unknown > 0) {
            String reason = meter.exhaustedReason();
            details.put("unknown-reason", reason != null ? reason : NOT_SEARCHED_FURTHER);
            details.put("unknown-partitions", unknownKeys);
        }
        if (invalid > 0) {
            details.put("failures", failures);
        }
        return new CheckResult("linearizable/" + model.name(), verdict, anomalies, details);
    }

    private static Anomaly anomaly(String key, Counterexample cex) {
        List<Op> witnesses = new ArrayList<>();
        StringBuilder ops = new StringBuilder();
        for (Operation op : cex.unplaceable()) {
            witnesses.add(op.invocation());
            if (op.completion() != null) {
                witnesses.add(op.completion());
            }
            ops.append(ops.length() == 0 ? "" : "; ").append(op.describe());
        }
        String explanation = "part " + key + ": after a linearizable prefix of " + cex.prefix().size()
                + " operations, which leaves the state " + cex.stateAfterPrefix() + ", none of these can take "
                + "effect next: " + ops;
        return new Anomaly("nonlinearizable", explanation, witnesses);
    }

    private static Map<String, Object> failureDetails(String key, Counterexample cex) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partition", key);
        out.put("prefix-length", (long) cex.prefix().size());
        List<Object> prefix = new ArrayList<>(cex.prefix().size());
        for (Operation op : cex.prefix()) {
            prefix.add(op.invocation().index());
        }
        out.put("linearizable-prefix", prefix);
        out.put("state-after-prefix", cex.stateAfterPrefix());
        List<Object> unplaceable = new ArrayList<>();
        for (Operation op : cex.unplaceable()) {
            unplaceable.add(op.describe());
        }
        out.put("unplaceable", unplaceable);
        return out;
    }

    /** One part: its commands, then its search outcome and, if invalid, its counterexample. */
    private static final class PartCheck<S, C> {
        private final Model<S, C> model;
        private final Partition part;
        private List<Operation> operations;
        private List<C> commands;
        private SearchOutcome outcome;
        private Counterexample counterexample;
        private long stepsBefore;

        PartCheck(Model<S, C> model, Partition part) {
            this.model = model;
            this.part = part;
        }

        String key() {
            return part.key();
        }

        /** One round: a fresh search with {@code maxSteps} model steps, unless the budget is already spent. */
        void run(BudgetMeter meter, long maxSteps) {
            if (commands == null) {
                operations = new ArrayList<>(part.operations().size());
                commands = new ArrayList<>(part.operations().size());
                for (Operation op : part.operations()) {
                    C command = model.command(op);
                    if (command != null) {
                        operations.add(op);
                        commands.add(command);
                    }
                }
            }
            if (meter.isExhausted()) {
                abandon(meter.exhaustedReason());
                return;
            }
            SearchOutcome result = new LinearizationSearch<>(model, operations, commands).run(meter, maxSteps);
            stepsBefore += result.steps();
            outcome = result;
            if (outcome.verdict() == Verdict.INVALID) {
                counterexample = Counterexample.of(model, operations, commands, outcome.longestPrefix());
            }
        }

        /** Leaves the part undecided for {@code reason}, keeping what its last round explored. */
        void abandon(String reason) {
            long explored = outcome == null ? 0 : outcome.exploredStates();
            int[] longest = outcome == null ? new int[0] : outcome.longestPrefix();
            outcome = new SearchOutcome(Verdict.UNKNOWN, explored, 0, longest, reason);
        }

        /** Model steps over every round. */
        long totalSteps() {
            return stepsBefore;
        }

        SearchOutcome outcome() {
            return outcome;
        }

        Counterexample counterexample() {
            return counterexample;
        }
    }
}
