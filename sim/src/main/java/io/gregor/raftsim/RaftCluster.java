package io.gregor.raftsim;

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
import java.util.List;

/**
 * A KRaft quorum in the simulator: voters {@code 1..n}, each a {@link KvServerNode}, optionally key-value clients
 * (node {@link #CLIENT_ID}), and a {@link RaftInvariants} checker run after every event. Scenario tests drive it
 * step by step ({@link #runFor}, {@link #crash}, {@link #partition}...); {@link RaftSwarm} runs whole seeded
 * runs under a nemesis.
 *
 * <p>Of the disk faults only failing fsyncs stay on (a voter halts on one, and a supervisor restarts it {@link
 * #RESTART_AFTER_HALT_NS} later); corruption and read errors are off: the quorum has no answer to a voter silently
 * losing fsynced data (KIP-853's directory ids only help when the whole disk is lost). Crashes still lose or tear
 * unsynced writes.
 */
public final class RaftCluster {

    /** A voter that halted on a storage error is restarted this long after. */
    public static final long RESTART_AFTER_HALT_NS = 1_000_000_000L;
    /** The client node's id. */
    public static final int CLIENT_ID = 100;
    /** The metadata log's segment size when snapshots are on: small, so trimming has whole segments to delete. */
    public static final int SNAPSHOT_SEGMENT_BYTES = 2048;

    private final Simulation sim;
    private final RaftConfig config;
    private final RaftInvariants invariants;
    private final boolean duplicates;
    private final List<Integer> observers = new ArrayList<>();
    private KvClientNode client;
    private boolean stopped;
    private boolean whiteBox = true;

    public RaftCluster(long seed, int voterCount, SwarmOptions options, Mutations mutations, boolean keepTraceLines) {
        this(seed, voterCount, options, mutations, keepTraceLines, 0);
    }

    /**
     * A quorum that snapshots every {@code snapshotIntervalRecords} applied offsets (KIP-630; 0: never), on a log
     * of small segments ({@value #SNAPSHOT_SEGMENT_BYTES} bytes) with {@code retentionBytes} 0, so that everything
     * below the older kept snapshot is trimmed and lagging followers must fetch a snapshot.
     */
    public RaftCluster(long seed, int voterCount, SwarmOptions options, Mutations mutations, boolean keepTraceLines,
            int snapshotIntervalRecords) {
        if (voterCount < 1 || voterCount > 9) {
            throw new IllegalArgumentException("a quorum of 1 to 9 voters, not " + voterCount);
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
        this.invariants = new RaftInvariants(voters, config.fetchTimeoutMs());
        for (int id : voters) {
            sim.addNode(id, () -> supervised(new KvServerNode(config, (to, from, message) -> {
                if (whiteBox) {
                    invariants.received(sim, to, from, message);
                }
            })));
        }
    }

    /** A server whose raft node, on a storage failure, halts its process and gets restarted by a supervisor. */
    private KvServerNode supervised(KvServerNode server) {
        server.raft().onFatalError((nodeId, reason) -> sim.haltAndRestart(nodeId, RESTART_AFTER_HALT_NS));
        return server;
    }

    /**
     * Turns the per-event white-box checks on (the default) or off — off, only the nodes' own always-on assertions
     * and the black-box history judge a run.
     */
    public RaftCluster whiteBox(boolean value) {
        this.whiteBox = value;
        return this;
    }

    /** The first observer's id: observers are {@code 21, 22, ...}. */
    public static final int FIRST_OBSERVER_ID = 21;

    /**
     * Adds {@code count} observers: key-value replicas that replicate and apply the log without a vote (as KRaft
     * brokers do with the metadata log), checked by the same invariants. Call before running.
     */
    public List<Integer> addObservers(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = FIRST_OBSERVER_ID + observers.size();
            observers.add(id);
            ids.add(id);
            invariants.addObserver(id);
            sim.addNode(id, () -> supervised(new KvServerNode(config)));
        }
        return ids;
    }

    /** The observers' ids. */
    public List<Integer> observers() {
        return List.copyOf(observers);
    }

    /** Adds key-value clients that issue operations until {@code stopAtNs}. */
    public KvClientNode addClients(int processes, long stopAtNs) {
        KvClientNode c = new KvClientNode(config.voters(), processes, 1_000_000_000L, stopAtNs,
                !duplicates);
        sim.addNode(CLIENT_ID, () -> c);
        this.client = c;
        return c;
    }

    /** Schedules the nemesis's faults for these options between {@code startNs} and {@code healAtNs}. */
    public void applyNemesis(SwarmOptions options, long startNs, long healAtNs) {
        sim.apply(nemesisSchedule(options, startNs, healAtNs));
    }

    /**
     * The faults the nemesis draws for these options (the same schedule {@link #applyNemesis} applies), over the
     * voters and the observers.
     */
    public FaultSchedule nemesisSchedule(SwarmOptions options, long startNs, long healAtNs) {
        List<Integer> targets = new ArrayList<>(config.voters());
        targets.addAll(observers);
        return Nemesis.schedule(options, sim.entropy("nemesis"), targets, startNs, healAtNs);
    }

    public Simulation sim() {
        return sim;
    }

    public RaftConfig config() {
        return config;
    }

    public List<Integer> voters() {
        return config.voters();
    }

    public RaftInvariants invariants() {
        return invariants;
    }

    public KvClientNode client() {
        return client;
    }

    /** The raft node of a live voter or observer, or null while it is down. */
    public RaftNode raft(int id) {
        return sim.node(id) instanceof KvServerNode s ? s.raft() : null;
    }

    /** The live leader of the highest epoch, or -1. */
    public int leader() {
        int best = -1;
        int bestEpoch = -1;
        for (int id : voters()) {
            RaftNode r = raft(id);
            if (r != null && r.isLeader() && r.quorum().epoch() > bestEpoch) {
                best = id;
                bestEpoch = r.quorum().epoch();
            }
        }
        return best;
    }

    /** The highest epoch a live voter knows. */
    public int maxEpoch() {
        int max = 0;
        for (int id : voters()) {
            RaftNode r = raft(id);
            max = r == null ? max : Math.max(max, r.quorum().epoch());
        }
        return max;
    }

    /** The largest high watermark of a live voter. */
    public long maxHighWatermark() {
        long max = 0;
        for (int id : voters()) {
            RaftNode r = raft(id);
            max = r == null ? max : Math.max(max, r.highWatermark());
        }
        return max;
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

    /** Runs events for {@code durationNs}, checking the invariants after each; stops early on a violation. */
    public void runFor(long durationNs) {
        runUntil(sim.nowNs() + durationNs);
    }

    public void runUntil(long endNs) {
        if (stopped) {
            return;
        }
        stopped = !sim.runUntilChecked(endNs, () -> {
            if (whiteBox) {
                invariants.afterEvent(sim);
            }
            return invariants.clean();
        }, invariants::violation);
    }

    /** Runs until a live leader exists (true) or {@code maxNs} passes (false). */
    public boolean runUntilLeader(long maxNs) {
        long end = sim.nowNs() + maxNs;
        while (sim.nowNs() < end && !stopped) {
            if (leader() >= 0) {
                return true;
            }
            runFor(10_000_000L);
        }
        return leader() >= 0;
    }

    /** Whether the run stopped on a violation. */
    public boolean stopped() {
        return stopped;
    }

    /** Describes the voters' roles, for failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int id : voters()) {
            RaftNode r = raft(id);
            EpochState s = r == null || r.quorum() == null || r.halted() ? null : r.quorum().state();
            sb.append("n").append(id).append('=').append(s == null ? "down" : s.name() + "@" + s.epoch()
                    + " hw=" + r.highWatermark() + " leo=" + r.log().logEndOffset()).append(' ');
        }
        return sb.toString().trim();
    }
}
