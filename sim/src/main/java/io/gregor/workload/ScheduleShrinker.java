package io.gregor.workload;

import io.gregor.histories.Verdict;
import io.gregor.sim.FaultEvent;
import io.gregor.sim.FaultSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/** Shrinks the fault schedule of a failed run of any job to the fewest events that still fail the same way. */
public final class ScheduleShrinker {

    private ScheduleShrinker() {
    }

    /**
     * Shrinks the fault schedule of a failed run of any job ({@code runner} runs one): removes spans of fault events while the run with the same seed
     * and options still fails <em>the same way</em> (one of the invariants it broke, or one of the anomaly types it
     * showed), using {@link FaultSchedule#shrink}. The closing heal-all always stays, so that liveness keeps its
     * meaning. Returns the failing run with the smallest schedule found; {@code onRun} hears of every run tried.
     */
    public static JobResult shrink(JobResult failed, Function<JobOptions, JobResult> runner,
            Consumer<JobResult> onRun) {
        if (failed.verdict() != Verdict.INVALID) {
            throw new IllegalArgumentException("only a failed run can be shrunk");
        }
        List<FaultEvent> healAll = new ArrayList<>();
        List<FaultEvent> rest = new ArrayList<>();
        for (FaultEvent e : failed.schedule().events()) {
            (e instanceof FaultEvent.HealAll ? healAll : rest).add(e);
        }
        Set<String> failures = failures(failed);
        JobResult[] smallest = {failed};
        new FaultSchedule(rest).shrink(candidate -> {
            List<FaultEvent> events = new ArrayList<>(candidate.events());
            events.addAll(healAll);
            JobResult r = runner.apply(failed.options().withSchedule(new FaultSchedule(events)));
            onRun.accept(r);
            boolean same = r.verdict() == Verdict.INVALID && !Collections.disjoint(failures(r), failures);
            if (same) {
                smallest[0] = r; // shrink only ever accepts a smaller failing schedule
            }
            return same;
        });
        return smallest[0];
    }

    /** The names of the invariants a run broke and the anomaly types its history showed. */
    static Set<String> failures(JobResult r) {
        Set<String> out = new TreeSet<>();
        for (InvariantResult i : r.invariants()) {
            if (!i.held()) {
                out.add(i.name());
            }
        }
        if (r.historyCheck().verdict() == Verdict.INVALID) {
            r.historyCheck().anomalies().forEach(a -> out.add(a.type()));
        }
        return out;
    }

}
