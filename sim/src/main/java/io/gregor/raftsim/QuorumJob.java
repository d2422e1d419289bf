package io.gregor.raftsim;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.linear.Budget;
import io.gregor.histories.linear.Linearizability;
import io.gregor.histories.linear.Models;
import io.gregor.mutation.Mutations;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quorum job ({@code ./gregor sim --job quorum}): a KRaft quorum running a key-value store, clients recording
 * a history, the nemesis until the heal, then a quiet stretch in which a leader must appear and commit
 * (liveness), the end-of-run log matching, and the linearizability check of the history. {@link RaftSwarm} runs
 * the same thing for the tests.
 */
public final class QuorumJob {

    /** After the heal, a leader must advance the high watermark within this long. */
    static final long LIVENESS_NS = 10_000_000_000L;
    /** The run goes on this long after the heal (clients stop a second before the end). */
    static final long AFTER_HEAL_NS = 15_000_000_000L;
    /** The linearizability checker's budget. */
    static final long CHECK_BUDGET_MS = 5_000;

    private QuorumJob() {
    }

    /** The swarm options a seed draws for the quorum job. */
    public static SwarmOptions swarmFor(long seed) {
        return SwarmOptions.draw(new SimEntropy(seed).fork("swarm-options"));
    }

    /** What one run found, before it is shaped for a caller. */
    record Outcome(RaftCluster cluster, List<Op> history, List<String> safety, List<String> liveness,
            CheckResult check, FaultSchedule schedule) {
    }

    static Outcome execute(long seed, int voters, int clients, SwarmOptions swarm, FaultSchedule schedule,
            Mutations mutations, long healAtNs, long endNs, long livenessNs, boolean checkHistory, boolean whiteBox,
            boolean keepTraceLines) {
        return execute(seed, voters, clients, swarm, schedule, mutations, healAtNs, endNs, livenessNs, checkHistory,
                whiteBox, keepTraceLines, 0);
    }

    /** {@link #execute} with snapshots every {@code snapshotIntervalRecords} offsets (KIP-630; 0: off). */
    static Outcome execute(long seed, int voters, int clients, SwarmOptions swarm, FaultSchedule schedule,
            Mutations mutations, long healAtNs, long endNs, long livenessNs, boolean checkHistory, boolean whiteBox,
            boolean keepTraceLines, int snapshotIntervalRecords) {
        return execute(seed, voters, clients, swarm, schedule, mutations, healAtNs, endNs, livenessNs, checkHistory,
                whiteBox, keepTraceLines, snapshotIntervalRecords, 0);
    }

    /** {@link #execute} with {@code observers} non-voting replicas, which the nemesis strikes too. */
    static Outcome execute(long seed, int voters, int clients, SwarmOptions swarm, FaultSchedule schedule,
            Mutations mutations, long healAtNs, long endNs, long livenessNs, boolean checkHistory, boolean whiteBox,
            boolean keepTraceLines, int snapshotIntervalRecords, int observers) {
        RaftCluster c = new RaftCluster(seed, voters, swarm, mutations, keepTraceLines, snapshotIntervalRecords)
                .whiteBox(whiteBox);
        c.addObservers(observers);
        KvClientNode client = c.addClients(clients, endNs - 1_000_000_000L);
        FaultSchedule faults = schedule != null ? schedule : c.nemesisSchedule(swarm, 0, healAtNs);
        c.sim().apply(faults);
        c.runUntil(healAtNs);
        long hwAtHeal = c.maxHighWatermark();
        long deadline = healAtNs + livenessNs;
        boolean progressed = false;
        while (!c.stopped() && c.sim().nowNs() < deadline) {
            c.runFor(100_000_000L);
            int leader = c.leader();
            if (leader >= 0 && c.raft(leader).highWatermark() > hwAtHeal) {
                progressed = true;
                break;
            }
        }
        List<String> liveness = new ArrayList<>();
        if (!progressed && !c.stopped() && whiteBox) {
            liveness.add("no leader advanced the high watermark past " + hwAtHeal + " within "
                    + livenessNs / 1_000_000 + " ms of the heal: " + c.describe());
        }
        c.runUntil(endNs);
        if (whiteBox) {
            c.invariants().checkLogMatching(c.sim());
        }
        List<Op> history = client.history();
        CheckResult check;
        if (!checkHistory) {
            check = new CheckResult("linearizable/kv", Verdict.UNKNOWN, List.of(), Map.of("skipped", "not asked"));
        } else if (!c.invariants().violations().isEmpty()) {
            check = new CheckResult("linearizable/kv", Verdict.UNKNOWN, List.of(),
                    Map.of("skipped", "a white-box invariant broke first"));
        } else {
            check = Linearizability.check(history, Models.byName("kv"), Budget.ofMillis(CHECK_BUDGET_MS), 1);
        }
        return new Outcome(c, history, new ArrayList<>(c.invariants().violations()), liveness, check, faults);
    }

    /** Runs the quorum job for the CLI: {@code servers} voters, {@code processes} client processes. */
    public static JobResult run(JobOptions options) {
        SwarmOptions swarm = options.swarm() != null ? options.swarm() : swarmFor(options.seed());
        long healAtNs = options.workloadNs();
        Outcome o = execute(options.seed(), options.servers(), options.processes(), swarm, options.schedule(),
                options.mutations(), healAtNs, healAtNs + AFTER_HEAL_NS, LIVENESS_NS, true, true,
                options.keepTraceLines(), options.snapshotIntervalRecords());
        var sim = o.cluster().sim();
        List<InvariantResult> invariants = List.of(
                new InvariantResult("raft-safety-after-every-event", sim.eventsProcessed(), o.safety()),
                new InvariantResult("leader-commits-after-heal", 1, o.liveness()));
        return new JobResult(options, swarm.withoutSilentDataLoss().toOptionLine(),
                invariants, o.check(), o.history(), sim.traceHash(), sim.eventsProcessed(), sim.nowNs(),
                o.schedule(), options.keepTraceLines() ? sim.traceLines() : List.of());
    }
}
