package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.mutation.Mutations;
import io.gregor.raft.EpochState;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftNode;
import io.gregor.sim.DiskFaultRates;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.Nemesis;
import io.gregor.sim.SimConfig;
import io.gregor.sim.Simulation;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A KRaft controller quorum in the simulator: voters {@code 1..n} ({@link ControllerNode}), brokers from
 * {@link #FIRST_BROKER_ID} ({@link SimBrokerNode}) and optionally an admin client ({@link #ADMIN_ID}), with
 * {@link ControllerInvariants} checked after every event. Scenario tests drive it step by step; {@link
 * ControllerJob} runs it under the nemesis.
 *
 * <p>Disk faults are off, as in the raft harness: the quorum has no answer yet to a voter losing fsynced data.
 */
public final class ControllerCluster {

    public static final int FIRST_BROKER_ID = 11;
    public static final int ADMIN_ID = 100;
    /** The brokers' session timeout (Kafka's default is 9 s; shorter so fencing happens within a run). */
    public static final long SESSION_TIMEOUT_NS = 3_000_000_000L;

    private final Simulation sim;
    private final RaftConfig config;
    private final List<Integer> brokers = new ArrayList<>();
    private final ControllerInvariants invariants;
    private final boolean duplicates;
    private AdminClientNode admin;
    private boolean stopped;

    public ControllerCluster(long seed, int voterCount, int brokerCount, SwarmOptions options, Mutations mutations,
            boolean keepTraceLines) {
        this(seed, voterCount, brokerCount, options, mutations, keepTraceLines, false);
    }

    /** @param readsWithoutBarrier a bug switch for tests (see {@link ControllerNode}'s package constructor) */
    ControllerCluster(long seed, int voterCount, int brokerCount, SwarmOptions options, Mutations mutations,
            boolean keepTraceLines, boolean readsWithoutBarrier) {
        if (voterCount < 1 || voterCount > 9 || brokerCount < 1 || brokerCount > 9) {
            throw new IllegalArgumentException("1 to 9 voters and 1 to 9 brokers, not " + voterCount + " and "
                    + brokerCount);
        }
        List<Integer> voters = new ArrayList<>();
        for (int i = 1; i <= voterCount; i++) {
            voters.add(i);
        }
        this.config = RaftConfig.defaults(voters).withMutations(mutations);
        this.duplicates = options.duplicateRate() > 0;
        SwarmOptions safe = options.withDiskFaults(DiskFaultRates.NONE);
        this.sim = new Simulation(seed, safe.applyTo(SimConfig.defaults().withTraceLines(keepTraceLines)));
        this.invariants = new ControllerInvariants(voters);
        for (int id : voters) {
            sim.addNode(id, () -> new ControllerNode(config, SESSION_TIMEOUT_NS, readsWithoutBarrier));
        }
        for (int i = 0; i < brokerCount; i++) {
            int id = FIRST_BROKER_ID + i;
            brokers.add(id);
            sim.addNode(id, () -> new SimBrokerNode(id, voters));
        }
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
        targets.addAll(brokers);
        return Nemesis.schedule(options, sim.entropy("nemesis"), targets, startNs, healAtNs);
    }

    public Simulation sim() {
        return sim;
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

    /** The controller node of a live voter, or null while it is down. */
    public ControllerNode controller(int id) {
        return sim.node(id) instanceof ControllerNode c ? c : null;
    }

    /** The live active controller of the highest epoch, or -1. */
    public int activeController() {
        int best = -1;
        int bestEpoch = -1;
        for (int id : voters()) {
            ControllerNode c = controller(id);
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
        try {
            stopped = !sim.runUntilChecked(endNs, () -> {
                invariants.afterEvent(sim);
                return invariants.violations().isEmpty();
            });
        } catch (RuntimeException e) {
            // a node's own invariant (or a bug) threw out of its event handler
            invariants.violation("t=" + sim.nowNs() + " node failure: " + e);
            stopped = true;
        }
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
            EpochState s = r == null ? null : r.quorum().state();
            sb.append("n").append(id).append('=').append(s == null ? "down" : s.name() + "@" + s.epoch()
                    + (c.isActive() ? " active" : "") + " hw=" + r.highWatermark()).append(' ');
        }
        return sb.toString().trim();
    }
}
