package io.gregor.cli;

import io.gregor.clustersim.ClusterJob;
import io.gregor.histories.Anomaly;
import io.gregor.histories.Op;
import io.gregor.histories.format.EdnHistory;
import io.gregor.mutation.Mutation;
import io.gregor.raftsim.Kip996Job;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.Deployment;
import io.gregor.workload.Durability;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import io.gregor.workload.TargetedKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a simulated run prints: the swarm line first (so a hung run can still be replayed), then its findings. */
final class RunReport {

    /** Witness operations shown per anomaly on the terminal (results.json has them all). */
    static final int WITNESSES_SHOWN = 4;
    /** Violations shown per invariant on the terminal. */
    static final int VIOLATIONS_SHOWN = 5;
    /** Characters of a witness shown on the terminal. */
    static final int WITNESS_WIDTH = 160;

    private RunReport() {
    }

    static void header(PrintWriter out, JobOptions options, SwarmOptions drawn, boolean overridden) {
        out.println("gregor sim: seed " + options.seed());
        SwarmOptions swarm = options.swarm() != null ? options.swarm() : drawn;
        boolean alone = options.job() == JobKind.CLUSTER && options.nemesis().single();
        if (alone) {
            swarm = swarm.withoutStrikes();
        }
        if (options.job() == JobKind.KIP996) {
            out.println("swarm: none: the KIP-996 topology's cuts are the faults; first leader: "
                    + Kip996Job.FirstLeader.forSeed(options.seed()).name().toLowerCase(Locale.ROOT));
        } else {
            out.println("swarm: " + swarm.toOptionLine() + (overridden ? "" : "   (drawn from the seed)")
                    + (alone ? "   (no crash, pause, partition, clog or break of its own: --nemesis)" : ""));
        }
        if (options.job() == JobKind.CLUSTER) {
            out.println("nemesis: " + options.nemesis().cliName() + " — " + options.nemesis().description());
        }
        out.println("mutations: " + (options.mutations().isEmpty() ? "none"
                : options.mutations().enabled().stream().map(Mutation::cliName).collect(Collectors.joining(", "))));
        if (options.job() == JobKind.CLUSTER) {
            Durability d = options.durability();
            out.printf(Locale.ROOT, "workload: cluster job — %s, topic %s of %d partitions, replication factor 3,"
                    + " min.insync.replicas 2, %s%s; %d processes with %s producers and assign consumers, %.0f s of"
                    + " faults, then heal and read everything%n", options.deployment() == Deployment.SPLIT
                            ? "3 KRaft controllers and " + options.servers() + " brokers observing the metadata log"
                            : options.servers() + " combined Kafka nodes (KRaft controller + broker each)",
                    ClusterJob.TOPIC, ClusterJob.PARTITIONS,
                    d.flushEveryMessage() ? "flush.messages=1" : "no flush (durability by replication alone"
                            + (d.writebackMs() > 0 ? ", the page cache written back every " + d.writebackMs() + " ms"
                            : "") + ")",
                    d.uncleanLeaderElection() ? ", unclean leader election ON" : "",
                    options.processes(), d.acks() == -1 ? "idempotent acks=all" : "acks=1",
                    options.workloadNs() / 1e9);
        } else if (options.job() == JobKind.CONTROLLER) {
            String nodes = options.deployment() == Deployment.COMBINED
                    ? options.servers() + " combined nodes (each a KRaft controller and a broker)"
                    : options.servers() + " KRaft controllers, 3 brokers observing the metadata log";
            out.printf(Locale.ROOT, "workload: controller job — %s, %d admin processes creating, deleting and"
                    + " describing topics, %.0f s of faults, then heal%s%n", nodes, options.processes(),
                    options.workloadNs() / 1e9, options.snapshotIntervalRecords() > 0 ? "; snapshots every "
                            + options.snapshotIntervalRecords() + " records" : "");
        } else if (options.job() == JobKind.KIP996) {
            out.println("workload: kip996 job — 5 KRaft voters; after the first election only A-C, B-D and C-D-E"
                    + " talk for 60 s while a record is appended every 0.5 s; the first leader is the edge A on odd"
                    + " seeds, the hub C on even ones");
        } else if (options.job() == JobKind.QUORUM) {
            out.printf(Locale.ROOT, "workload: quorum job — %d KRaft voters running a key-value store, %d client"
                    + " processes, %.0f s of faults, then heal; a leader must commit within 10 s%s%n",
                    options.servers(), options.processes(), options.workloadNs() / 1e9,
                    options.snapshotIntervalRecords() > 0 ? "; snapshots every " + options.snapshotIntervalRecords()
                            + " records" : "");
        } else {
            out.printf(Locale.ROOT, "workload: durability job — %d single-copy log servers, %d client processes, %.0f s"
                    + " of faults, then heal and read everything%n", options.servers(), options.processes(),
                    options.workloadNs() / 1e9);
        }
        out.flush();
    }

    static void body(PrintWriter out, JobResult r, long wallNs) {
        double simS = r.simulatedNs() / 1e9;
        double wallS = Math.max(wallNs, 1) / 1e9;
        out.printf(Locale.ROOT, "ran: %.1f simulated s, %,d events, %d faults, in %.2f s wall (%.0fx real time,"
                + " %,.0f events/s)%n", simS, r.events(), r.faults(), wallS, simS / wallS, r.events() / wallS);
        out.println("invariants:");
        for (InvariantResult i : r.invariants()) {
            out.printf(Locale.ROOT, "  %s %s (checked %d times)%n", i.held() ? "ok  " : "FAIL", i.name(), i.checks());
            int shown = 0;
            for (String v : i.violations()) {
                if (shown++ == VIOLATIONS_SHOWN) {
                    out.printf("         ... and %d more%n", i.violations().size() - VIOLATIONS_SHOWN);
                    break;
                }
                out.println("         " + v);
            }
        }
        long clientOps = r.history().stream().filter(Op::isClient).count() / 2;
        out.printf(Locale.ROOT, "history: %,d client operations, checker %s: %s%n", clientOps,
                r.historyCheck().checker(), r.historyCheck().verdict().name().toLowerCase(Locale.ROOT));
        anomalies(out, r.historyCheck().anomalies());
        Object skipped = r.historyCheck().details().get("skipped");
        if (skipped != null) {
            out.println("  (not checked: " + skipped + ")");
        }
        out.println("trace hash: " + r.traceHash());
        out.flush();
    }

    /** Each anomaly with its first few witnesses, one line each, in EDN (as Jepsen prints operations). */
    static void anomalies(PrintWriter out, List<Anomaly> anomalies) {
        for (Anomaly a : anomalies) {
            out.println("  anomaly " + a.type() + ": " + a.explanation());
            int shown = 0;
            for (Op w : a.witnesses()) {
                if (shown++ == WITNESSES_SHOWN) {
                    out.println("      ... (results.json has every witness)");
                    break;
                }
                out.println("      " + abbreviate(EdnHistory.toEdn(w), WITNESS_WIDTH));
            }
        }
    }

    static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 4) + " ...";
    }

    static String replayCommand(JobOptions options, String swarmLine, boolean noFaults) {
        StringBuilder cmd = new StringBuilder("./gregor sim --seed ").append(options.seed());
        // the job is left out when the command line picks it by itself (the default, or the mutations' job)
        if (Jobs.choose(null, options.mutations().enabled()) != options.job()) {
            cmd.append(" --job ").append(options.job().cliName());
        }
        if (noFaults) {
            cmd.append(" --no-faults");
        } else if (swarmLine != null) {
            cmd.append(" --swarm '").append(swarmLine).append('\'');
        }
        for (Mutation m : options.mutations().enabled()) {
            cmd.append(" --mutation ").append(m.cliName());
        }
        if (options.servers() != JobOptions.defaults(0).withJob(options.job()).servers()) {
            cmd.append(" --nodes ").append(options.servers());
        }
        if (options.snapshotIntervalRecords() > 0) {
            cmd.append(" --snapshot-interval ").append(options.snapshotIntervalRecords());
        }
        Deployment usual = options.job() == JobKind.CLUSTER ? Deployment.COMBINED : Deployment.SPLIT;
        if (options.deployment() != usual) {
            cmd.append(" --deployment ").append(options.deployment().cliName());
        }
        cmd.append(options.durability().cliOptions());
        if (options.nemesis() != TargetedKind.MIX) {
            cmd.append(" --nemesis ").append(options.nemesis().cliName());
        }
        if (options.workloadNs() != JobOptions.defaults(0).workloadNs()) {
            cmd.append(" --duration ").append(options.workloadNs() / 1e9);
        }
        return cmd.toString();
    }
}
