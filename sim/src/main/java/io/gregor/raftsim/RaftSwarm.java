package io.gregor.raftsim;

import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One seeded run of the quorum under swarm faults: voters and key-value clients, a nemesis until {@code healAtNs},
 * then a quiet stretch in which a leader must appear and the high watermark must advance (liveness), then the
 * end-of-run checks (log matching) and the linearizability check of the clients' history.
 *
 * <p>Reproduce a run with the same seed, spec and options: everything is derived from them.
 */
public final class RaftSwarm {

    /**
     * What to run.
     *
     * @param voters 3 or 5
     * @param healAtNs the nemesis stops here
     * @param endNs the run ends here; clients stop one second earlier
     * @param livenessNs after the heal, a leader must commit something new within this long
     * @param checkHistory run the linearizability checker
     * @param whiteBox run the per-event invariant checks and the end-of-run log matching
     * @param snapshotIntervalRecords snapshot every this many offsets (KIP-630), trimming the log; 0: off
     * @param observers non-voting replicas of the log (as KRaft brokers are), under the nemesis too
     */
    public record Spec(int voters, long healAtNs, long endNs, long livenessNs, boolean checkHistory,
            boolean whiteBox, int snapshotIntervalRecords, int observers) {

        public static Spec standard() {
            return new Spec(3, 15_000_000_000L, 30_000_000_000L, 10_000_000_000L, true, true, 0, 0);
        }

        public Spec withObservers(int value) {
            return new Spec(voters, healAtNs, endNs, livenessNs, checkHistory, whiteBox, snapshotIntervalRecords,
                    value);
        }

        public Spec withVoters(int value) {
            return new Spec(value, healAtNs, endNs, livenessNs, checkHistory, whiteBox,
                    snapshotIntervalRecords, observers);
        }

        public Spec withHistoryCheck(boolean value) {
            return new Spec(voters, healAtNs, endNs, livenessNs, value, whiteBox,
                    snapshotIntervalRecords, observers);
        }

        /** Without the per-event white-box checks: only the history (and the nodes' own assertions) judge. */
        public Spec blackBoxOnly() {
            return new Spec(voters, healAtNs, endNs, livenessNs, true, false,
                    snapshotIntervalRecords, observers);
        }

        /** With snapshots every {@code records} offsets and the log trimmed below them (KIP-630). */
        public Spec withSnapshots(int records) {
            return new Spec(voters, healAtNs, endNs, livenessNs, checkHistory, whiteBox, records, observers);
        }
    }

    /**
     * A run's outcome.
     *
     * @param violations white-box invariant failures and liveness misses (empty when all held)
     * @param linearizability the history's verdict (null when not checked)
     * @param traceHash the simulator's trace hash
     * @param maxEpoch the highest epoch reached (elections held)
     * @param okOps client operations that completed ok
     */
    public record Result(long seed, String options, List<String> violations, Verdict linearizability,
            String traceHash, int maxEpoch, long okOps) {

        public boolean passed() {
            return violations.isEmpty() && (linearizability == null || linearizability != Verdict.INVALID);
        }

        /** One line: the seed, the options to replay it, and what failed. */
        public String summary() {
            return "seed " + seed + " " + options + " -> " + (passed() ? "ok" : "FAILED " + violations
                    + " linearizability=" + linearizability);
        }
    }

    private RaftSwarm() {
    }

    /** Runs one seed with options drawn from it (swarm testing). */
    public static Result run(long seed, Spec spec, Mutations mutations) {
        SwarmOptions options = SwarmOptions.draw(new io.gregor.sim.SimEntropy(seed).fork("swarm-options"));
        return run(seed, spec, options, mutations);
    }

    /** Runs one seed with the given options. */
    public static Result run(long seed, Spec spec, SwarmOptions options, Mutations mutations) {
        QuorumJob.Outcome o = QuorumJob.execute(seed, spec.voters(), 3, options, null, mutations, spec.healAtNs(),
                spec.endNs(), spec.livenessNs(), spec.checkHistory(), spec.whiteBox(), false,
                spec.snapshotIntervalRecords(), spec.observers());
        List<String> violations = new ArrayList<>(o.safety());
        for (String l : o.liveness()) {
            violations.add("liveness: " + l);
        }
        Verdict verdict = spec.checkHistory() && o.safety().isEmpty() ? o.check().verdict() : null;
        long ok = o.history().stream().filter(op -> op.type() == Op.Type.OK).count();
        return new Result(seed, options.toOptionLine(), violations, verdict, o.cluster().sim().traceHash(),
                o.cluster().maxEpoch(), ok);
    }

    /** Runs seeds {@code from..to-1}; returns the first failing result, or null if all passed. */
    public static Result firstFailure(long from, long to, Spec spec, Mutations mutations) {
        for (long seed = from; seed < to; seed++) {
            Result r = run(seed, spec, mutations);
            if (!r.passed()) {
                return r;
            }
        }
        return null;
    }
}
