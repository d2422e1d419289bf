package io.gregor.clustersim;

import io.gregor.controller.CreatableTopic;
import io.gregor.controller.CreateTopicsRequest;
import io.gregor.controller.MetadataImage;
import io.gregor.controllersim.ControllerCluster;
import io.gregor.controllersim.ControllerInvariants;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerNode;
import io.gregor.env.Env;
import io.gregor.log.LogConfig;
import io.gregor.mutation.Mutations;
import io.gregor.raft.RaftConfig;
import io.gregor.raftsim.RaftInvariants;
import io.gregor.replication.ReplicaConfig;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.Nemesis;
import io.gregor.sim.SimConfig;
import io.gregor.sim.Simulation;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Kafka cluster in the simulator: combined, nodes {@code 1..n} each a KRaft controller voter and a broker hosting
 * partition replicas ({@link KafkaNode}); split, three dedicated controllers and brokers that observe the metadata
 * log ({@link KafkaNode#broker}). Three checkers run after every event — Raft's
 * ({@link RaftInvariants}), the controller's ({@link ControllerInvariants}) and the data plane's
 * ({@link DataPlaneInvariants}). Clients are added by the caller as further nodes.
 *
 * <p>Failing fsyncs stay on (a node halts on one and is restarted {@link #RESTART_AFTER_HALT_NS} later); faults that
 * destroy fsynced data are off, as in the quorum's runs.
 */
public final class KafkaCluster {

    /** A node that halted on a storage error is restarted this long after. */
    public static final long RESTART_AFTER_HALT_NS = 1_000_000_000L;
    /** The brokers' session timeout (shorter than Kafka's 9 s so fencing happens within a run). */
    public static final long SESSION_TIMEOUT_NS = 3_000_000_000L;
    /** The driver node's id, from which the harness creates topics. */
    public static final int ADMIN_ID = 99;

    /** The split deployment's dedicated controllers. */
    public static final int SPLIT_CONTROLLERS = 3;
    /** The split deployment's first broker id (the controllers are 1..{@value #SPLIT_CONTROLLERS}). */
    public static final int FIRST_SPLIT_BROKER_ID = 4;

    private final Simulation sim;
    private final RaftConfig raftConfig;
    private final List<Integer> brokers;
    private final List<Integer> nodes;
    private final RaftInvariants raftInvariants;
    private final ControllerInvariants controllerInvariants;
    private final DataPlaneInvariants dataInvariants;
    private long adminRequestId;
    private boolean stopped;

    /** The combined deployment: {@code nodeCount} nodes, each a controller voter and a broker. */
    public KafkaCluster(long seed, int nodeCount, SwarmOptions options, Mutations mutations,
            ReplicaConfig replicaConfig, LogConfig logConfig, boolean keepTraceLines) {
        this(seed, nodeCount, Deployment.COMBINED, options, mutations, replicaConfig, logConfig, keepTraceLines);
    }

    /**
     * {@code brokerCount} brokers: combined, each also a controller voter; split, brokers
     * {@value #FIRST_SPLIT_BROKER_ID}.. observing the metadata log of {@value #SPLIT_CONTROLLERS} dedicated
     * controllers 1..{@value #SPLIT_CONTROLLERS}.
     */
    public KafkaCluster(long seed, int brokerCount, Deployment deployment, SwarmOptions options, Mutations mutations,
            ReplicaConfig replicaConfig, LogConfig logConfig, boolean keepTraceLines) {
        if (brokerCount < 1 || brokerCount > 9) {
            throw new IllegalArgumentException("1 to 9 brokers, not " + brokerCount);
        }
        List<Integer> voters = new ArrayList<>();
        int controllerCount = deployment == Deployment.COMBINED ? brokerCount : SPLIT_CONTROLLERS;
        for (int i = 1; i <= controllerCount; i++) {
            voters.add(i);
        }
        List<Integer> brokerIds = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            brokerIds.add(deployment == Deployment.COMBINED ? voters.get(i) : FIRST_SPLIT_BROKER_ID + i);
        }
        this.brokers = List.copyOf(brokerIds);
        this.raftConfig = RaftConfig.defaults(voters).withMutations(mutations);
        this.sim = new Simulation(seed, options.withoutSilentDataLoss()
                .applyTo(SimConfig.defaults().withTraceLines(keepTraceLines)));
        sim.messageFingerprint(KafkaFingerprint::of);
        this.raftInvariants = new RaftInvariants(voters, raftConfig.fetchTimeoutMs());
        this.controllerInvariants = new ControllerInvariants(voters);
        this.dataInvariants = new DataPlaneInvariants(brokers, replicaConfig.minInsyncReplicas(),
                replicaConfig.flushOnAppend());
        ReplicaConfig replicas = replicaConfig.withMutations(mutations);
        List<Integer> all = new ArrayList<>(voters);
        if (deployment == Deployment.SPLIT) {
            for (int id : voters) {
                sim.addNode(id, () -> {
                    ControllerNode node = new ControllerNode(raftConfig, SESSION_TIMEOUT_NS);
                    node.raft().onFatalError((nodeId, reason) -> sim.haltAndRestart(nodeId, RESTART_AFTER_HALT_NS));
                    return node;
                });
            }
            all.addAll(brokers);
        }
        this.nodes = List.copyOf(all);
        for (int id : brokers) {
            if (deployment == Deployment.SPLIT) {
                raftInvariants.addObserver(id);
            }
            sim.addNode(id, () -> {
                KafkaNode node = deployment == Deployment.COMBINED
                        ? new KafkaNode(id, raftConfig, SESSION_TIMEOUT_NS, replicas, logConfig)
                        : KafkaNode.broker(id, raftConfig, replicas, logConfig);
                node.onFatalError((nodeId, reason) -> sim.haltAndRestart(nodeId, RESTART_AFTER_HALT_NS));
                node.replicaManager().audit(tp -> dataInvariants.auditor(sim, id, tp));
                return node;
            });
        }
    }

    public Simulation sim() {
        return sim;
    }

    /** Every node of the cluster: controllers and brokers (the same nodes when combined). */
    public List<Integer> nodes() {
        return nodes;
    }

    /** The nodes that host partitions and serve clients. */
    public List<Integer> brokers() {
        return brokers;
    }

    /** Whether every broker is also a controller voter (the combined deployment). */
    public boolean combined() {
        return brokers.equals(raftConfig.voters());
    }

    /** The metadata quorum's voters, the controllers. */
    public List<Integer> controllers() {
        return raftConfig.voters();
    }

    public RaftInvariants raftInvariants() {
        return raftInvariants;
    }

    public ControllerInvariants controllerInvariants() {
        return controllerInvariants;
    }

    public DataPlaneInvariants dataInvariants() {
        return dataInvariants;
    }

    /** Every violation any checker recorded. */
    public List<String> violations() {
        List<String> all = new ArrayList<>(raftInvariants.violations());
        all.addAll(controllerInvariants.violations());
        all.addAll(dataInvariants.violations());
        return all;
    }

    /** The Kafka node {@code id} while it is up, else null. */
    public KafkaNode node(int id) {
        return sim.node(id) instanceof KafkaNode n ? n : null;
    }

    /** The committed image of the live active controller of the highest epoch, or null. */
    public MetadataImage activeImage() {
        int id = ControllerCluster.activeController(sim, controllers());
        return id < 0 ? null : ControllerCluster.controllerOf(sim.node(id)).controller().image();
    }

    /** The faults the nemesis draws for these options, over the Kafka nodes (never the clients). */
    public FaultSchedule nemesisSchedule(SwarmOptions options, long startNs, long healAtNs) {
        return Nemesis.schedule(options, sim.entropy("nemesis"), nodes(), startNs, healAtNs);
    }

    /**
     * Creates a topic and runs until the active controller's image holds it (true), or {@code maxNs} passes
     * (false). The request is sent from a driver node to every controller every half second; all but the active one
     * refuse it, and a repeat after success is refused as TOPIC_ALREADY_EXISTS.
     */
    public boolean createTopic(String name, int partitions, int replicationFactor, long maxNs) {
        return createTopic(name, partitions, replicationFactor, new TreeMap<>(), maxNs);
    }

    /** {@link #createTopic(String, int, int, long)} with topic configs (e.g. unclean leader election). */
    public boolean createTopic(String name, int partitions, int replicationFactor, SortedMap<String, String> configs,
            long maxNs) {
        Env admin = sim.envFor(ADMIN_ID);
        long end = sim.nowNs() + maxNs;
        while (!stopped && sim.nowNs() < end) {
            MetadataImage image = activeImage();
            if (image != null && image.topicByName(name) != null) {
                return true;
            }
            CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreatableTopic(name, partitions,
                    replicationFactor, configs)));
            for (int id : controllers()) {
                admin.network().send(id, new ControllerRpc(++adminRequestId, request));
            }
            runFor(500_000_000L);
        }
        MetadataImage image = activeImage();
        return image != null && image.topicByName(name) != null;
    }

    /**
     * From now on, every {@code intervalNs}, each live node's operating system writes its dirty pages back
     * ({@link io.gregor.sim.SimDisk#writeback}).
     */
    public void pageCacheWriteback(long intervalNs) {
        sim.schedule(sim.nowNs() + intervalNs, () -> {
            for (int id : nodes()) {
                if (sim.isUp(id)) {
                    sim.disk(id).writeback();
                }
            }
            pageCacheWriteback(intervalNs);
        });
    }

    public void runFor(long durationNs) {
        runUntil(sim.nowNs() + durationNs);
    }

    /** Runs events until {@code endNs}, checking every invariant after each; stops early on a violation. */
    public void runUntil(long endNs) {
        if (stopped) {
            return;
        }
        stopped = !sim.runUntilChecked(endNs, () -> {
            raftInvariants.afterEvent(sim);
            controllerInvariants.afterEvent(sim);
            dataInvariants.afterEvent(sim);
            return raftInvariants.clean() && controllerInvariants.clean() && dataInvariants.clean();
        }, dataInvariants::violation);
    }

    /** Whether the run stopped on a violation. */
    public boolean stopped() {
        return stopped;
    }

    /** Each node's role and partitions, for failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int id : nodes()) { // (a split deployment's controllers are ControllerNodes, not KafkaNodes)
            sb.append("n").append(id).append('=').append(sim.isUp(id) ? sim.node(id).toString() : "down").append(' ');
        }
        return sb.toString().trim();
    }
}
