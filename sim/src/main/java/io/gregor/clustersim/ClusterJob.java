package io.gregor.clustersim;

import io.gregor.client.ConsumerConfig;
import io.gregor.client.ProducerConfig;
import io.gregor.controller.ConfigRecord;
import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.kafka.KafkaChecker;
import io.gregor.histories.kafka.KafkaCheckerOptions;
import io.gregor.log.LogConfig;
import io.gregor.mutation.Mutations;
import io.gregor.replication.ReplicaConfig;
import io.gregor.sim.FaultEvent;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.Deployment;
import io.gregor.workload.Durability;
import io.gregor.workload.DurabilityJob;
import io.gregor.workload.HistoryRecorder;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster job ({@code ./gregor sim}, the main job): a 3-node combined Kafka cluster — each node a KRaft
 * controller and a broker — with a topic of {@value #PARTITIONS} partitions, replication factor 3 and
 * min.insync.replicas 2; Jepsen's Kafka workload from {@code processes} processes with idempotent acks=all producers
 * and assign consumers; swarm faults on the Kafka nodes and the {@link TargetedNemesis}'s strikes at partition leaders
 * and followers until the heal; then a drain in which every process must read every partition to the end of every
 * acknowledged write, and a wait for every follower to hold its leader's log up to the high watermark. Judged by
 * Raft's, the controller's and the data plane's invariants after every event, by the consumers' KIP-320 validation
 * (a truncation under a consumer means it read uncommitted data), by that convergence, and by the Kafka checker on
 * the history.
 *
 * <h2>Durability setting</h2>
 * The simulator's crashes are machine crashes: the page cache is lost. Kafka's default (no fsync, durability by
 * replication) cannot survive every replica of a partition crashing at once, which swarm runs do, so this job runs
 * with {@code flush.messages=1} ({@link ReplicaConfig#flushOnAppend()}): an offset counts toward the high watermark
 * only once durable on the ISR. Without it, acknowledged writes can be lost — KIP-966's problem.
 */
public final class ClusterJob {

    public static final String TOPIC = "jepsen";
    public static final int PARTITIONS = 3;
    public static final int REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;
    /** The workload node's id. */
    public static final int CLIENT_ID = 100;
    /**
     * The topic must exist within this long of the start (the quorum elects, brokers register, then create). Under
     * dense fsync errors, which keep halting the controllers, that can take minutes of simulated time; with 60 s,
     * about one seed in 300 ended unknown.
     */
    static final long SETUP_NS = 300_000_000_000L;
    /** After the heal every process must have read everything acknowledged within this long. */
    static final long DRAIN_NS = 40_000_000_000L;
    static final long CHECK_BUDGET_MS = 10_000;
    /** After the drain every follower must hold its leader's log up to the high watermark within this long. */
    static final long CONVERGE_NS = 20_000_000_000L;

    private ClusterJob() {
    }

    /** The swarm options a seed draws for the cluster job. */
    public static SwarmOptions swarmFor(long seed) {
        return SwarmOptions.draw(new SimEntropy(seed).fork("swarm-options"));
    }

    /** The replication settings of the job. */
    public static ReplicaConfig replicaConfig() {
        return ReplicaConfig.DEFAULT.withMinInsyncReplicas(MIN_INSYNC_REPLICAS).withReplicaLagTimeMaxMs(5_000)
                .withFlushOnAppend(true).withFetchTimeoutMs(2_000).withAlterPartitionRetryMs(2_000);
    }

    /** What one run found. */
    public record Outcome(KafkaCluster cluster, List<Op> history, List<String> safety, List<String> consumers,
            List<String> liveness, List<String> convergence, CheckResult check, FaultSchedule schedule,
            long sendsOk) {

        public boolean passed() {
            return safety.isEmpty() && consumers.isEmpty() && liveness.isEmpty() && convergence.isEmpty()
                    && check.verdict() != Verdict.INVALID;
        }

        public String summary() {
            return "seed " + cluster.sim().seed() + ": safety " + safety + ", consumers " + consumers + ", liveness "
                    + liveness + ", convergence " + convergence + ", history " + check.verdict() + " "
                    + check.anomalies() + "; " + sendsOk + " sends ok";
        }
    }

    /**
     * The options {@code ./gregor sim --seed N} runs with: 3 combined Kafka nodes, 4 client processes, 20 s of the
     * seed's swarm faults and the default mix of targeted ones; change them with {@link JobOptions}'s withers.
     */
    public static JobOptions options(long seed) {
        return JobOptions.defaults(seed).withJob(JobKind.CLUSTER).withDeployment(Deployment.COMBINED);
    }

    /**
     * One run: {@code options.servers()} brokers (which in the split deployment observe the metadata log of 3
     * dedicated controllers), {@code options.processes()} client processes, faults for {@code options.workloadNs()}
     * — the swarm's (drawn from the seed unless given) and the targeted ones {@code options.nemesis()} names; one
     * kind named alone runs on every seed, and the swarm's own strikes at nodes and links are then off
     * ({@link SwarmOptions#withoutStrikes()}).
     */
    public static Outcome execute(JobOptions options) {
        long seed = options.seed();
        SwarmOptions drawn = options.swarm() != null ? options.swarm() : swarmFor(seed);
        SwarmOptions swarm = options.nemesis().single() ? drawn.withoutStrikes() : drawn;
        Durability durability = options.durability();
        Mutations mutations = options.mutations();
        FaultSchedule schedule = options.schedule();
        long workloadNs = options.workloadNs();
        int processes = options.processes();
        KafkaCluster c = new KafkaCluster(seed, options.servers(), options.deployment(), swarm, mutations,
                replicaConfig().withFlushOnAppend(durability.flushEveryMessage()), LogConfig.DEFAULT,
                options.keepTraceLines());
        HistoryRecorder history = new HistoryRecorder(c.sim()::nowNs);
        List<String> liveness = new ArrayList<>();
        if (durability.writebackMs() > 0) {
            c.pageCacheWriteback(durability.writebackMs() * 1_000_000L);
        }
        TreeMap<String, String> configs = new TreeMap<>();
        configs.put(ConfigRecord.MIN_INSYNC_REPLICAS, Integer.toString(MIN_INSYNC_REPLICAS));
        if (durability.uncleanLeaderElection()) {
            configs.put(ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE, "true");
        }
        if (!c.createTopic(TOPIC, PARTITIONS, REPLICATION_FACTOR, configs, SETUP_NS)) {
            // like a Jepsen test whose setup failed: nothing was run, so nothing is judged (unless a safety check
            // broke on the way) — the seed's disk faults can be so dense that no quorum stays up long enough
            CheckResult notRun = skipped("setup failed: the topic could not be created within "
                    + SETUP_NS / 1_000_000 + " ms under these faults");
            return new Outcome(c, history.ops(), c.violations(), List.of(), liveness, List.of(), notRun,
                    FaultSchedule.empty(), 0);
        }
        long startNs = c.sim().nowNs();
        long healAtNs = startNs + workloadNs;
        ProducerConfig producers = ProducerConfig.defaults(c.brokers()).withTimeoutsMs(3_000, 10_000);
        if (durability.acks() != -1) {
            producers = producers.withIdempotence(false).withAcks(durability.acks());
        }
        ConsumerConfig consumers = ConsumerConfig.defaults(c.brokers()).withRequestTimeoutMs(3_000);
        KafkaWorkloadNode client = new KafkaWorkloadNode(c.brokers(), TOPIC, PARTITIONS, processes, producers,
                consumers, history);
        c.sim().addNode(CLIENT_ID, () -> client);
        FaultSchedule faults = schedule != null ? schedule : c.nemesisSchedule(swarm, startNs, healAtNs);
        for (FaultEvent fault : faults.events()) {
            c.sim().schedule(Math.max(c.sim().nowNs(), fault.atNs()), () -> {
                history.nemesis(DurabilityJob.faultName(fault), DurabilityJob.describe(fault));
                c.sim().inject(fault);
            });
        }
        if (schedule == null) {
            TargetedNemesis.schedule(c, history, swarm, options.nemesis(), startNs, healAtNs);
        }
        c.runUntil(healAtNs);
        client.stopSending();
        long drainEnd = healAtNs + DRAIN_NS;
        while (!c.stopped() && c.sim().nowNs() < drainEnd && !client.drained()) {
            c.runFor(250_000_000L);
        }
        if (!c.stopped() && !client.drained()) {
            liveness.add("after the heal the consumers did not read every acknowledged write within "
                    + DRAIN_NS / 1_000_000 + " ms: " + c.describe());
        }
        // the replicas converge: every follower holds its leader's log up to the high watermark
        long convergeEnd = c.sim().nowNs() + CONVERGE_NS;
        List<String> divergence = c.dataInvariants().divergence(c.sim(), c.activeImage());
        while (!c.stopped() && !divergence.isEmpty() && c.sim().nowNs() < convergeEnd) {
            c.runFor(250_000_000L);
            divergence = c.dataInvariants().divergence(c.sim(), c.activeImage());
        }
        List<String> convergence = c.stopped() || divergence.isEmpty() ? List.of()
                : List.of("after the drain the replicas did not converge within " + CONVERGE_NS / 1_000_000 + " ms: "
                        + divergence);
        List<Op> ops = history.ops();
        CheckResult check = c.violations().isEmpty()
                ? KafkaChecker.check(History.of(ops), KafkaCheckerOptions.defaults()
                        .withExpectFinalReadAll(client.drained()))
                : skipped("a white-box invariant broke first");
        return new Outcome(c, ops, c.violations(), client.truncations(), liveness, convergence, check, faults,
                client.sendsOk());
    }

    private static CheckResult skipped(String why) {
        return new CheckResult("kafka", Verdict.UNKNOWN, List.of(), Map.of("skipped", why));
    }

    /** Runs the cluster job for the CLI. */
    public static JobResult run(JobOptions options) {
        SwarmOptions drawn = options.swarm() != null ? options.swarm() : swarmFor(options.seed());
        SwarmOptions swarm = options.nemesis().single() ? drawn.withoutStrikes() : drawn;
        Outcome o = execute(options);
        KafkaCluster c = o.cluster();
        var sim = c.sim();
        List<InvariantResult> invariants = List.of(
                new InvariantResult("raft-safety-after-every-event", sim.eventsProcessed(),
                        c.raftInvariants().violations()),
                new InvariantResult("controller-safety-after-every-event", c.controllerInvariants().checks(),
                        c.controllerInvariants().violations()),
                new InvariantResult("data-plane-safety-after-every-event", c.dataInvariants().checks(),
                        c.dataInvariants().violations()),
                new InvariantResult("consumers-never-read-uncommitted-data", 1, o.consumers()),
                new InvariantResult("every-acknowledged-write-read-after-heal", 1, o.liveness()),
                new InvariantResult("replicas-identical-below-the-high-watermark-after-heal", 1, o.convergence()));
        return new JobResult(options, swarm.withoutSilentDataLoss().toOptionLine(), invariants, o.check(),
                o.history(), sim.traceHash(), sim.eventsProcessed(), sim.nowNs(), o.schedule(),
                options.keepTraceLines() ? sim.traceLines() : List.of());
    }
}
