package io.gregor.workload;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.kafka.KafkaChecker;
import io.gregor.histories.kafka.KafkaCheckerOptions;
import io.gregor.log.LogConfig;
import io.gregor.sim.FaultEvent;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.Nemesis;
import io.gregor.sim.SimConfig;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.Simulation;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The foundation's main job: {@code servers} single-copy log servers and one Jepsen-style client, under the swarm
 * faults drawn from the seed, then healed and drained; judged white-box (the {@link DurabilityLedger} after every
 * recovery and at the end) and black-box (the client's history through the Kafka checker).
 *
 * <p>A single copy cannot survive a disk that silently destroys acknowledged data (a latent sector error, a
 * corrupted or misdirected write): that is what replication is for. The job therefore switches those disk faults
 * off and keeps the ones a single durable log must survive: crashes that lose or tear unsynced writes, fsync
 * errors, pauses, partitions, clogs, loss, duplication, reordering and clock faults.
 */
public final class DurabilityJob {

    /** Node id of the client (servers are 1..n). */
    static final int CLIENT_ID = 100;
    /** A halted server is restarted by its supervisor after this long. */
    static final long SUPERVISOR_RESTART_NS = 200_000_000L;
    /** The drain starts this long after the heal, once restarted servers have recovered. */
    static final long DRAIN_DELAY_NS = 2_000_000_000L;
    /** A client operation unanswered for this long completes as info. */
    static final long REQUEST_TIMEOUT_NS = 1_000_000_000L;
    /** Mean pause between one client process's operations. */
    static final long THINK_TIME_NS = 2_000_000L;
    static final double SEND_FRACTION = 0.6;
    static final int MAX_POLL_ENTRIES = 64;

    private DurabilityJob() {
    }

    /** The swarm options the seed draws, with the faults a single copy cannot survive switched off. */
    public static SwarmOptions swarmFor(long seed) {
        SwarmOptions drawn = SwarmOptions.draw(new SimEntropy(seed).fork("swarm"));
        return singleCopySurvivable(drawn);
    }

    /** The same options without read errors, write corruption or misdirected writes. */
    public static SwarmOptions singleCopySurvivable(SwarmOptions o) {
        return o.withoutSilentDataLoss();
    }

    public static JobResult run(JobOptions options) {
        SwarmOptions swarm = options.swarm() != null ? options.swarm() : swarmFor(options.seed());
        SimConfig config = swarm.applyTo(SimConfig.defaults().withTraceLines(options.keepTraceLines()));
        Simulation sim = new Simulation(options.seed(), config);
        DurabilityLedger ledger = new DurabilityLedger();
        HistoryRecorder history = new HistoryRecorder(sim::nowNs);
        // Small segments and a small index interval so a short run rolls segments and uses its indexes.
        LogConfig logConfig = LogConfig.DEFAULT.withSegmentBytes(16 * 1024).withIndexIntervalBytes(512);

        List<Integer> servers = new ArrayList<>();
        for (int id = 1; id <= options.servers(); id++) {
            int nodeId = id;
            servers.add(nodeId);
            Runnable supervisor = () -> sim.haltAndRestart(nodeId, SUPERVISOR_RESTART_NS);
            sim.addNode(nodeId, () -> new LogServerNode(logConfig, options.mutations(), ledger, supervisor));
        }
        long healAtNs = options.workloadNs();
        long drainAtNs = healAtNs + DRAIN_DELAY_NS;
        ClientConfig clientConfig = new ClientConfig(servers, options.processes(), REQUEST_TIMEOUT_NS,
                THINK_TIME_NS, SEND_FRACTION, MAX_POLL_ENTRIES);
        JobClient client = new JobClient(clientConfig, history);
        sim.addNode(CLIENT_ID, () -> client);
        sim.schedule(healAtNs, client::stop);
        sim.schedule(drainAtNs, client::startDrain);

        FaultSchedule faults = options.schedule() != null ? options.schedule()
                : schedule(swarm, options.seed(), servers, healAtNs);
        for (FaultEvent fault : faults.events()) {
            sim.schedule(Math.max(sim.nowNs(), fault.atNs()), () -> {
                history.nemesis(faultName(fault), describe(fault));
                sim.inject(fault);
            });
        }

        while (sim.nowNs() < options.maxRunNs() && !(sim.nowNs() > drainAtNs && client.drained())) {
            if (!sim.step()) {
                break;
            }
        }

        List<InvariantResult> invariants = new ArrayList<>();
        // Every server is up after the heal; check each one's log against the ledger once more.
        for (int id : servers) {
            if (sim.node(id) instanceof LogServerNode server) {
                server.verifyAgainstLedger();
            }
        }
        invariants.add(new InvariantResult("acknowledged-writes-survive-recovery", ledger.recoveriesChecked(),
                ledger.violations()));
        List<String> liveness = new ArrayList<>();
        if (!client.drained()) {
            liveness.add(String.format(Locale.ROOT, "after the heal at %.1f s the client could not read every key to"
                    + " its end by %.1f s", healAtNs / 1e9, sim.nowNs() / 1e9));
        }
        invariants.add(new InvariantResult("every-key-read-to-its-end-after-heal", servers.size(), liveness));

        List<Op> ops = history.ops();
        CheckResult check = KafkaChecker.check(History.of(ops),
                KafkaCheckerOptions.defaults().withExpectFinalReadAll(client.drained()));
        return new JobResult(options, swarm.toOptionLine(), invariants, check, ops, sim.traceHash(),
                sim.eventsProcessed(), sim.nowNs(), faults,
                options.keepTraceLines() ? sim.traceLines() : List.of());
    }

    /**
     * Crashes and pauses hit the servers only (the client is the observer); partitions, clogs and connection
     * breaks cut the links between the client and the servers.
     */
    static FaultSchedule schedule(SwarmOptions swarm, long seed, List<Integer> servers, long healAtNs) {
        SimEntropy nemesis = new SimEntropy(seed).fork("nemesis");
        SwarmOptions nodeFaults = swarm.keepingTimedFaults(true, true, false, false, false, true);
        SwarmOptions linkFaults = swarm.keepingTimedFaults(false, false, true, true, true, false);
        List<Integer> everyone = new ArrayList<>(servers);
        everyone.add(CLIENT_ID);
        long startNs = 500_000_000L;
        List<FaultEvent> events = new ArrayList<>(
                Nemesis.schedule(nodeFaults, nemesis.fork("nodes"), servers, startNs, healAtNs).events());
        for (FaultEvent e : Nemesis.schedule(linkFaults, nemesis.fork("links"), everyone, startNs, healAtNs).events()) {
            if (!(e instanceof FaultEvent.HealAll)) { // one heal-all ends the merged schedule
                events.add(e);
            }
        }
        events.sort(java.util.Comparator.comparingLong(FaultEvent::atNs)); // stable: ties keep their order
        return new FaultSchedule(events);
    }

    public static String faultName(FaultEvent fault) {
        String simple = fault.getClass().getSimpleName();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    public static String describe(FaultEvent fault) {
        String s = fault.toString();
        int open = s.indexOf('[');
        return open < 0 ? s : s.substring(open + 1, s.length() - 1);
    }
}
