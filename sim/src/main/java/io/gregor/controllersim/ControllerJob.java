package io.gregor.controllersim;

import io.gregor.controller.BrokerRegistration;
import io.gregor.controller.MetadataImage;
import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.linear.Budget;
import io.gregor.mutation.Mutations;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.Deployment;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The controller job ({@code ./gregor sim --job controller}, once the CLI knows it): a KRaft controller quorum of
 * {@code servers} voters, {@link #BROKERS} brokers registering and heartbeating, an admin client creating,
 * deleting and describing {@link #TOPICS}, the nemesis over voters and brokers until the heal, then a quiet
 * stretch in which a controller must become active and every broker must end up registered and unfenced
 * (liveness); the per-event {@link ControllerInvariants}; and the per-topic linearizability check of the history
 * ({@link TopicHistories}). With {@link JobOptions#snapshotIntervalRecords()} set ({@code --snapshot-interval N}),
 * the voters snapshot the metadata image every N offsets and trim their logs (KIP-630).
 */
public final class ControllerJob {

    public static final int BROKERS = 3;
    public static final List<String> TOPICS = List.of("t0", "t1", "t2");
    /** After the heal, a controller must become active within this long. */
    static final long LIVENESS_NS = 10_000_000_000L;
    /** The run goes on this long after the heal (clients stop a second before the end). */
    static final long AFTER_HEAL_NS = 15_000_000_000L;
    /**
     * Every broker must be registered and unfenced within this long of the heal. It can take a while when the
     * network stays lossy: an election, then registration, then the broker replaying the log past its registration,
     * then the unfence committing — each over links that drop messages and disks with slow fsyncs.
     */
    static final long BROKERS_UNFENCED_NS = 30_000_000_000L;
    /** The linearizability checker's budget per topic. */
    static final long CHECK_BUDGET_MS = 5_000;

    private ControllerJob() {
    }

    /** The swarm options a seed draws for the controller job. */
    public static SwarmOptions swarmFor(long seed) {
        return SwarmOptions.draw(new SimEntropy(seed).fork("swarm-options"));
    }

    /** What one run found. */
    public record Outcome(ControllerCluster cluster, List<Op> history, List<String> safety, List<String> liveness,
            CheckResult check, FaultSchedule schedule) {

        /** Whether every invariant held and the history is not known to be non-linearizable. */
        public boolean passed() {
            return safety.isEmpty() && liveness.isEmpty() && check.verdict() != Verdict.INVALID;
        }

        public String summary() {
            return "seed " + cluster.sim().seed() + ": safety " + safety + ", liveness " + liveness + ", history "
                    + check.verdict() + " " + check.anomalies() + " " + check.details() + "; " + cluster.describe();
        }
    }

    /** One run: {@code voters} voters, {@code processes} admin processes, faults until {@code healAtNs}. */
    public static Outcome execute(long seed, int voters, int processes, SwarmOptions swarm, FaultSchedule schedule,
            Mutations mutations, long healAtNs, long endNs, boolean keepTraceLines) {
        return execute(seed, voters, processes, swarm, schedule, mutations, healAtNs, endNs, keepTraceLines, 0);
    }

    /**
     * {@link #execute} with the voters snapshotting the metadata every {@code snapshotIntervalRecords} offsets
     * (KIP-630; 0: never), trimming their logs, so voters that fall behind restore a snapshot.
     */
    public static Outcome execute(long seed, int voters, int processes, SwarmOptions swarm, FaultSchedule schedule,
            Mutations mutations, long healAtNs, long endNs, boolean keepTraceLines, int snapshotIntervalRecords) {
        return execute(seed, Deployment.SPLIT, voters, processes, swarm, schedule, mutations, healAtNs, endNs,
                keepTraceLines, snapshotIntervalRecords);
    }

    /**
     * {@link #execute} in either deployment: split ({@code voters} controllers and {@link #BROKERS} brokers that
     * observe the metadata log) or combined ({@code voters} nodes, each a controller and a broker).
     */
    public static Outcome execute(long seed, Deployment deployment, int voters, int processes, SwarmOptions swarm,
            FaultSchedule schedule, Mutations mutations, long healAtNs, long endNs, boolean keepTraceLines,
            int snapshotIntervalRecords) {
        ControllerCluster c = new ControllerCluster(seed, deployment, voters, BROKERS, swarm, mutations,
                keepTraceLines, snapshotIntervalRecords);
        AdminClientNode admin = c.addAdmin(processes, TOPICS, endNs - 1_000_000_000L);
        FaultSchedule faults = schedule != null ? schedule : c.nemesisSchedule(swarm, 0, healAtNs);
        c.sim().apply(faults);
        c.runUntil(healAtNs);
        long deadline = healAtNs + LIVENESS_NS;
        while (!c.stopped() && c.sim().nowNs() < deadline && c.activeController() < 0) {
            c.runFor(100_000_000L);
        }
        List<String> liveness = new ArrayList<>();
        if (!c.stopped() && c.activeController() < 0) {
            liveness.add("no controller became active within " + LIVENESS_NS / 1_000_000 + " ms of the heal: "
                    + c.describe());
        }
        c.runUntil(endNs);
        long brokersDeadline = Math.max(endNs, healAtNs + BROKERS_UNFENCED_NS);
        while (!c.stopped() && liveness.isEmpty() && !fencedBrokers(c).isEmpty() && c.sim().nowNs() < brokersDeadline) {
            c.runFor(100_000_000L);
        }
        if (!c.stopped() && liveness.isEmpty()) {
            for (String b : fencedBrokers(c)) {
                liveness.add("broker " + b + " " + (c.sim().nowNs() - healAtNs) / 1_000_000 + " ms after the heal");
            }
        }
        List<Op> history = admin.history();
        CheckResult check;
        if (!c.invariants().violations().isEmpty()) {
            check = new CheckResult("linearizable/" + TopicHistories.MODEL + " per topic", Verdict.UNKNOWN,
                    List.of(), Map.of("skipped", "a white-box invariant broke first"));
        } else {
            check = TopicHistories.check(history, Budget.ofMillis(CHECK_BUDGET_MS));
        }
        return new Outcome(c, history, c.invariants().violations(), liveness, check, faults);
    }

    /** The brokers the active controller's image shows unregistered or fenced, as "id is why" (all, if none). */
    private static List<String> fencedBrokers(ControllerCluster c) {
        MetadataImage image = c.activeImage();
        List<String> out = new ArrayList<>();
        for (int broker : c.brokers()) {
            BrokerRegistration b = image == null ? null : image.broker(broker);
            if (b == null || b.fenced()) {
                out.add(broker + " is " + (image == null ? "not known (no active controller)"
                        : b == null ? "not registered" : "fenced"));
            }
        }
        return out;
    }

    /** Runs the controller job for the CLI: {@code servers} voters, {@code processes} admin processes. */
    public static JobResult run(JobOptions options) {
        SwarmOptions swarm = options.swarm() != null ? options.swarm() : swarmFor(options.seed());
        long healAtNs = options.workloadNs();
        Outcome o = execute(options.seed(), options.deployment(), options.servers(), options.processes(), swarm,
                options.schedule(), options.mutations(), healAtNs, healAtNs + AFTER_HEAL_NS, options.keepTraceLines(),
                options.snapshotIntervalRecords());
        var sim = o.cluster().sim();
        List<InvariantResult> invariants = List.of(
                new InvariantResult("controller-safety-after-every-event", o.cluster().invariants().checks(),
                        o.safety()),
                new InvariantResult("controller-active-and-brokers-unfenced-after-heal", 1, o.liveness()));
        return new JobResult(options, swarm.withoutSilentDataLoss().toOptionLine(), invariants,
                o.check(), o.history(), sim.traceHash(), sim.eventsProcessed(), sim.nowNs(), o.schedule(),
                options.keepTraceLines() ? sim.traceLines() : List.of());
    }
}
