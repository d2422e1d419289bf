package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.mutation.Mutations;
import io.gregor.raft.EpochState;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftNode;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.Nemesis;
import io.gregor.sim.SimConfig;
import io.gregor.sim.Simulation;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import io.gregor.raftsim.RaftHost;
import io.gregor.workload.Deployment;
import java.util.List;

/**
 * A KRaft cluster's metadata plane in the simulator, in either {@link Deployment}: split — voters {@code 1..n}
 * ({@link ControllerNode}) and brokers from {@link #FIRST_BROKER_ID} ({@link SimBrokerNode}, observers of the
 * metadata log) — or combined — nodes {@code 1..n}, each a voter and a broker ({@link CombinedNode}); optionally an
 * admin client ({@link #ADMIN_ID}); {@link ControllerInvariants} checked after every event. Scenario tests drive it
 * step by step; {@link ControllerJob} runs it under the nemesis.
 *
 * <p>Of the disk faults only failing fsyncs stay on, as in the raft harness: a node halts on one and is restarted
 * {@link #RESTART_AFTER_HALT_NS} later; the quorum has no answer to a voter silently losing fsynced data.
 *
 * <p>Snapshots (KIP-630) are off unless a snapshot interval is given; with one, the metadata log has small segments
 * and no retention beyond the kept snapshots, so it is trimmed and voters that fall behind must fetch a snapshot.
 */
public final class ControllerCluster {

    public static final int FIRST_BROKER_ID = 11;
    public static final int ADMIN_ID = 100;
    /** A node that halted on a storage error is restarted this long after. */
    public static final long RESTART_AFTER_HALT_NS = 1_000_000_000L;
    /** The brokers' session timeout (Kafka's default is 9 s; shorter so fencing happens within a run). */
    public static final long SESSION_TIMEOUT_NS = 3_000_000_000L;
    /** The metadata log's segment size when snapshots are on: small, so trimming has whole segments to delete. */
    public static final int SNAPSHOT_SEGMENT_BYTES = 1024;

    private final Simulation sim;
    private final RaftConfig config;
    private final List<Integer> brokers = new ArrayList<>();
    private final ControllerInvariants invariants;
    private final boolean duplicates;
    private final Deployment deployment;
    private AdminClientNode admin;
    private boolean stopped;

    public ControllerCluster(long seed, int voterCount, int brokerCount, SwarmOptions options, Mutations mutations,
            boolean keepTraceLines) {
        this(seed, Deployment.SPLIT, voterCount, brokerCount, options, mutations, keepTraceLines, false, 0);
    }

    /** A cluster whose voters snapshot the metadata every {@code snapshotIntervalRecords} offsets (0: never). */
    public ControllerCluster(long seed, int voterCount, int brokerCount, SwarmOptions options, Mutations mutations,
            boolean keepTraceLines, int snapshotIntervalRecords) {
        this(seed, Deployment.SPLIT, voterCount, brokerCount, options, mutations, keepTraceLines, false,
                snapshotIntervalRecords);
    }

    /**
     * A cluster of either deployment: {@link Deployment#SPLIT} has {@code voterCount} controllers and {@code
     * brokerCount} brokers from {@link #FIRST_BROKER_ID}; {@link Deployment#COMBINED} has {@code voterCount} nodes,
     * each a controller and a broker ({@code brokerCount} is ignored).
     */
    public ControllerCluster(long seed, Deployment deployment, int voterCount, int brokerCount, SwarmOptions options,
            Mutations mutations, boolean keepTraceLines, int snapshotIntervalRecords) {
        this(seed, deployment, voterCount, brokerCount, options, mutations, keepTraceLines, false,
                snapshotIntervalRecords);
    }

    /** @param readsWithoutBarrier a bug switch for tests (see {@link ControllerNode}'s package constructor) */
    ControllerCluster(long seed, int voterCount, int brokerCount, SwarmOptions options, Mutations mutations,
            boolean keepTraceLines, boolean readsWithoutBarrier) {
        this(seed, Deployment.SPLIT, voterCount, brokerCount, options, mutations, keepTraceLines, readsWithoutBarrier,
                0);
    }

    private ControllerCluster(long seed, Deployment deployment, int voterCount, int brokerCount,
            SwarmOptions options, Mutations mutations, boolean keepTraceLines, boolean readsWithoutBarrier,
            int snapshotIntervalRecords) {
        if (voterCount < 1 || voterCount > 9 || brokerCount < 1 || brokerCount > 9) {
            throw new IllegalArgumentException("1 to 9 voters and 1 to 9 brokers, not " + voterCount + " and "
                    + brokerCount);
        }
        List<Integer> voters = new ArrayList<>();
        for (int i = 1; i <= voterCount; i++) {
            voters.add(i);
        }
        RaftConfig base = RaftConfig.defaults(voters).withMutations(mutations);
        this.config = snapshotIntervalRecords == 0 ? base : base.withSnapshotIntervalRecords(snapshotIntervalRecords)
                .withLogConfig(base.logConfig().withSegmentBytes(SNAPSHOT_SEGMENT_BYTES).withRetentionBytes(0));
        this.duplicates = options.duplicateRate() > 0;
        SwarmOptions safe = options.withoutSilentDataLoss();
        this.sim = new Simulation(seed, safe.applyTo(SimConfig.defaults().withTraceLines(keepTraceLines)));
        this.invariants = new ControllerInvariants(voters);
        this.deployment = deployment;
        if (deployment == Deployment.COMBINED) {
            for (int id : voters) {
                brokers.add(id);
                sim.addNode(id, () -> supervised(new CombinedNode(id, config, SESSION_TIMEOUT_NS,
                        readsWithoutBarrier)));
            }
            return;
        }
        for (int id : voters) {
            sim.addNode(id, () -> supervised(new ControllerNode(config, SESSION_TIMEOUT_NS, readsWithoutBarrier)));
        }
        for (int i = 0; i < brokerCount; i++) {
            int id = FIRST_BROKER_ID + i;
            brokers.add(id);
            sim.addNode(id, () -> supervised(new SimBrokerNode(id, config)));
            invariants.addBroker(id);
        }
    }

    /** A node whose raft replica, on a storage failure, halts its process and gets restarted by a supervisor. */
    private <T extends RaftHost> T supervised(T node) {
        node.raft().onFatalError((nodeId, reason) -> sim.haltAndRestart(nodeId, RESTART_AFTER_HALT_NS));
        return node;
    }

    /** Adds an admin client with {@code processes} processes over {@code topics}, issuing until {@code stopAtNs}. */
    public AdminClientNode addAdmin(int processes, List<String> topics, long stopAtNs) {
        AdminClientNode a = new AdminClientNode(voters(), topics, processes, stopAtNs, !duplicates);
        sim.addNode(ADMIN_ID, () -> a);
        this.admin = a;
        return a;
    }

    /** The faults the nemesis draws for these options, over voters and brokers (never the admin client). */
    public FaultSchedule nemesisSchedule(SwarmOptions options, long startNs, long healAtNs) {
        List<Integer> targets = new ArrayList<>(voters());
        if (deployment == Deployment.SPLIT) {
            targets.addAll(brokers);
        }
        return Nemesis.schedule(options, sim.entropy("nemesis"), targets, startNs, healAtNs);
    }

    public Simulation sim() {
        return sim;
    }

    /** The voters' raft settings (the snapshot interval among them). */
    public RaftConfig raftConfig() {
        return config;
    }

    public List<Integer> voters() {
        return config.voters();
    }

    public List<Integer> brokers() {
        return List.copyOf(brokers);
    }

    public ControllerInvariants invariants() {
        return invariants;
    }

    public AdminClientNode admin() {
        return admin;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The controller node of a live voter (or its controller half in a combined node), or null while it is down. */
    public ControllerNode controller(int id) {
        return controllerOf(sim.node(id));
    }

    /** The controller in a simulated node, or null if it runs none. */
    public static ControllerNode controllerOf(Object node) {
        if (node instanceof ControllerNode c) {
            return c;
        }
        return node instanceof ControllerHost c ? c.controllerNode() : null;
    }

    /** The live active controller of the highest epoch, or -1. */
    public int activeController() {
        return activeController(sim, voters());
    }

    /** Among {@code voters}' live nodes, the active controller of the highest epoch, or -1 (any deployment). */
    public static int activeController(Simulation sim, List<Integer> voters) {
        int best = -1;
        int bestEpoch = -1;
        for (int id : voters) {
            ControllerNode c = controllerOf(sim.node(id));
            if (c != null && c.isActive() && c.activeEpoch() > bestEpoch) {
                best = id;
                bestEpoch = c.activeEpoch();
            }
        }
        return best;
    }

    /** The committed image of the active controller, or null when there is none. */
    public MetadataImage activeImage() {
        int id = activeController();
        return id < 0 ? null : controller(id).controller().image();
    }

    public void crash(int id) {
        sim.crash(id);
    }

    public void restart(int id) {
        sim.restart(id);
    }

    /** Cuts {@code group} off from everyone else, both ways. */
    public void isolate(List<Integer> group) {
        sim.isolate(group);
    }

    public void heal() {
        sim.network().heal();
    }

    public void runFor(long durationNs) {
        runUntil(sim.nowNs() + durationNs);
    }

    /** Runs events until {@code endNs}, checking the invariants after each; stops early on a violation. */
    public void runUntil(long endNs) {
        if (stopped) {
            return;
        }
        stopped = !sim.runUntilChecked(endNs, () -> {
            invariants.afterEvent(sim);
            return invariants.clean();
        }, invariants::violation);
    }

    /** Whether the run stopped on a violation. */
    public boolean stopped() {
        return stopped;
    }

    /** The voters' roles, for failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int id : voters()) {
            ControllerNode c = controller(id);
            RaftNode r = c == null ? null : c.raft();
            EpochState s = r == null || r.quorum() == null || r.halted() ? null : r.quorum().state();
            sb.append("n").append(id).append('=').append(s == null ? "down" : s.name() + "@" + s.epoch()
                    + (c.isActive() ? " active" : "") + " hw=" + r.highWatermark()).append(' ');
        }
        return sb.toString().trim();
    }
}
