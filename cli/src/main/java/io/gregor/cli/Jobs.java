package io.gregor.cli;

import io.gregor.clustersim.ClusterJob;
import io.gregor.controllersim.ControllerJob;
import io.gregor.mutation.Mutation;
import io.gregor.raftsim.Kip996Job;
import io.gregor.raftsim.QuorumJob;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.Deployment;
import io.gregor.workload.Durability;
import io.gregor.workload.DurabilityJob;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import io.gregor.workload.TargetedKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs the simulated job a run's options name, and picks the job for a set of mutations. */
final class Jobs {

    private Jobs() {
    }

    static JobResult run(JobOptions options) {
        switch (options.job()) {
            case QUORUM:
                return QuorumJob.run(options);
            case CONTROLLER:
                return ControllerJob.run(options);
            case KIP996:
                return Kip996Job.run(options);
            case CLUSTER:
                return ClusterJob.run(options);
            default:
                return DurabilityJob.run(options);
        }
    }

    /** The swarm options a seed draws for a job (each job draws its own). */
    static SwarmOptions swarmFor(JobOptions options) {
        switch (options.job()) {
            case QUORUM:
                return QuorumJob.swarmFor(options.seed());
            case CONTROLLER:
            case KIP996: // (draws none: its topology is its fault)
                return ControllerJob.swarmFor(options.seed());
            case CLUSTER:
                return ClusterJob.swarmFor(options.seed());
            default:
                return DurabilityJob.swarmFor(options.seed());
        }
    }

    /** The options with {@code nodes} servers or voters (unchanged when null), checked for the job. */
    static JobOptions withNodes(JobOptions options, Integer nodes) {
        if (nodes == null) {
            return options;
        }
        if (options.job() == JobKind.KIP996) {
            throw new BadInputException("the kip996 job always runs the topology's five voters: drop --nodes");
        }
        if (options.job() == JobKind.CLUSTER && (nodes < 3 || nodes > 9)) {
            throw new BadInputException("--nodes must be between 3 and 9 for the cluster job (its topic has"
                    + " replication factor 3)");
        }
        int max = options.job() == JobKind.DURABILITY ? 50 : 9;
        if (nodes < 1 || nodes > max) {
            throw new BadInputException("--nodes must be between 1 and " + max + " for the " + options.job().cliName()
                    + " job");
        }
        return options.withServers(nodes);
    }

    /**
     * The options with snapshots every {@code interval} records (unchanged when null); the quorum and controller
     * jobs only (the durability job has no quorum to snapshot).
     */
    static JobOptions withSnapshots(JobOptions options, Integer interval) {
        if (interval == null) {
            return options;
        }
        if (options.job() != JobKind.QUORUM && options.job() != JobKind.CONTROLLER) {
            throw new BadInputException("--snapshot-interval applies to the quorum and controller jobs (--job quorum"
                    + " or --job controller)");
        }
        if (interval < 1 || interval > 1_000_000) {
            throw new BadInputException("--snapshot-interval must be between 1 and 1000000 records");
        }
        return options.withSnapshotIntervalRecords(interval);
    }

    /** The options with the cluster job's durability knobs (unchanged when none is given). */
    static JobOptions withDurability(JobOptions options, String acks, boolean unclean, boolean noFlush,
            Long writebackMs) {
        if (acks == null && !unclean && !noFlush && writebackMs == null) {
            return options;
        }
        if (options.job() != JobKind.CLUSTER) {
            throw new BadInputException("--acks, --unclean-election, --no-flush and --writeback apply to the cluster"
                    + " job");
        }
        if (writebackMs != null && (!noFlush || writebackMs < 1 || writebackMs > 3_600_000)) {
            throw new BadInputException("--writeback needs --no-flush and between 1 and 3600000 milliseconds");
        }
        short a;
        if (acks == null || acks.equals("all") || acks.equals("-1")) {
            a = -1;
        } else if (acks.equals("1")) {
            a = 1;
        } else {
            throw new BadInputException("--acks must be all or 1, not '" + acks + "'");
        }
        return options.withDurability(new Durability(a, unclean, !noFlush, writebackMs == null ? 0 : writebackMs));
    }

    /** The options with the cluster job's targeted faults as {@code kind} names them (unchanged when null). */
    static JobOptions withNemesis(JobOptions options, String kind) {
        if (kind == null) {
            return options;
        }
        if (options.job() != JobKind.CLUSTER) {
            throw new BadInputException("--nemesis applies to the cluster job");
        }
        TargetedKind k = TargetedKind.byCliName(kind);
        if (k == null) {
            throw new BadInputException("unknown nemesis '" + kind + "' (" + Arrays.stream(TargetedKind.values())
                    .map(TargetedKind::cliName).collect(Collectors.joining(", ")) + ")");
        }
        if (k.splitOnly() && options.deployment() != Deployment.SPLIT) {
            throw new BadInputException("--nemesis " + k.cliName() + " needs --deployment split: its cuts between"
                    + " combined nodes would cut the metadata quorum too");
        }
        return options.withNemesis(k);
    }

    /** The options with the controller job's roles placed as {@code shape} says (unchanged when null). */
    static JobOptions withDeployment(JobOptions options, String shape) {
        if (shape == null) {
            // each job's own default: the cluster job's nodes are combined, the controller job's split
            return options.job() == JobKind.CLUSTER ? options.withDeployment(Deployment.COMBINED) : options;
        }
        if (options.job() != JobKind.CONTROLLER && options.job() != JobKind.CLUSTER) {
            throw new BadInputException("--deployment applies to the cluster and controller jobs");
        }
        Deployment d = Deployment.byCliName(shape);
        if (d == null) {
            throw new BadInputException("unknown deployment '" + shape + "' (split, combined)");
        }
        return options.withDeployment(d);
    }

    /**
     * The job to run: the one asked for, or else the one that exercises the mutations' layer (the cluster job
     * when there is none; {@code raft-no-pre-vote} alone gets the KIP-996 topology job, which measures it).
     * Mutations of two layers, or of a layer the asked-for job does not exercise, are an
     * error: that run could never find them.
     */
    static JobKind choose(String asked, Set<Mutation> mutations) {
        EnumSet<JobKind> needed = EnumSet.noneOf(JobKind.class);
        for (Mutation m : mutations) {
            // the cluster job runs the controller too, and loses unflushed tails with --no-flush: KIP-966's ground
            needed.add(m == Mutation.CONTROLLER_NO_ELR ? JobKind.CLUSTER : JobKind.forLayer(m.layer()));
        }
        if (needed.size() > 1) {
            throw new BadInputException("these mutations need different jobs (" + needed + "): run them one at a time");
        }
        JobKind job;
        if (asked == null && mutations.equals(Set.of(Mutation.RAFT_NO_PRE_VOTE))) {
            job = JobKind.KIP996; // safe without pre-vote, only unstable: the topology job measures that
        } else if (asked == null) {
            job = needed.isEmpty() ? JobKind.CLUSTER : needed.iterator().next();
        } else {
            job = JobKind.byCliName(asked);
            if (job == null) {
                throw new BadInputException("unknown job '" + asked + "' (cluster, controller, quorum, kip996,"
                        + " durability)");
            }
        }
        if (job == JobKind.KIP996 && needed.equals(EnumSet.of(JobKind.QUORUM))) {
            needed.add(JobKind.KIP996); // the topology job runs the quorum too
        }
        if (job == JobKind.CLUSTER && needed.equals(EnumSet.of(JobKind.CONTROLLER))) {
            needed.add(JobKind.CLUSTER); // the cluster job runs the controller too
        }
        if (!needed.isEmpty() && !needed.contains(job)) {
            throw new BadInputException("the " + job.cliName() + " job cannot find those mutations: they need --job "
                    + needed.iterator().next().cliName());
        }
        return job;
    }
}
