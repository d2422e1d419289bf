package io.gregor.workload;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.sim.FaultSchedule;
import java.util.List;

/**
 * What one run of the durability job found.
 *
 * @param options what was run
 * @param swarmLine the swarm options actually used, as a replayable option line
 * @param invariants the white-box invariants, each with its violations
 * @param historyCheck the Kafka checker's verdict on the client's history
 * @param history the client's history (Jepsen's Kafka encoding), with nemesis events
 * @param traceHash the trace hash: same seed, same options, same build =&gt; same hash
 * @param events simulation events processed
 * @param simulatedNs virtual time the run took
 * @param schedule the faults injected, as data (replayable, shrinkable)
 * @param traceLines the human-readable trace, when the options asked to keep it (otherwise empty)
 */
public record JobResult(JobOptions options, String swarmLine, List<InvariantResult> invariants,
        CheckResult historyCheck, List<Op> history, String traceHash, long events, long simulatedNs, FaultSchedule schedule,
        List<String> traceLines) {

    public JobResult {
        invariants = List.copyOf(invariants);
        history = List.copyOf(history);
        traceLines = List.copyOf(traceLines);
    }

    /** How many faults were injected. */
    public int faults() {
        return schedule.size();
    }

    /** Invalid if any invariant broke or the history has an anomaly; unknown if the checker could not decide. */
    public Verdict verdict() {
        Verdict v = historyCheck.verdict();
        for (InvariantResult i : invariants) {
            if (!i.held()) {
                v = v.and(Verdict.INVALID);
            }
        }
        return v;
    }
}
