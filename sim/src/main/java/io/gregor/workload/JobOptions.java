package io.gregor.workload;

import io.gregor.mutation.Mutations;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.SwarmOptions;
import java.util.Objects;

/**
 * One run of the durability job.
 *
 * @param seed decides everything: the swarm options (unless given), every fault, every latency
 * @param swarm the faults, or {@code null} to draw them from the seed
 * @param mutations bug switches turned on (none in production)
 * @param servers how many log servers (keys)
 * @param processes concurrent client processes
 * @param workloadNs how long the faults and the workload run (virtual time)
 * @param maxRunNs the drain must finish by then
 * @param keepTraceLines keep the human-readable trace (costs memory)
 * @param job which simulated job to run
 * @param snapshotIntervalRecords the quorum job's voters snapshot every this many records (0: never)
 * @param deployment the controller job's placement of roles: dedicated controllers and brokers, or combined
 * @param durability the cluster job's acks, unclean election and flush settings
 * @param nemesis the cluster job's targeted faults: the default mix, none, or one kind alone
 * @param schedule the faults, or {@code null} to let the nemesis draw them from the seed and the swarm options
 *     (a given schedule replays a saved or shrunk one)
 */
public record JobOptions(long seed, SwarmOptions swarm, Mutations mutations, int servers, int processes,
        long workloadNs, long maxRunNs, boolean keepTraceLines, FaultSchedule schedule, JobKind job,
        int snapshotIntervalRecords, Deployment deployment, Durability durability, TargetedKind nemesis) {

    public static final long SECOND_NS = 1_000_000_000L;

    public JobOptions {
        Objects.requireNonNull(mutations, "mutations");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(nemesis, "nemesis");
        if (snapshotIntervalRecords < 0) {
            throw new IllegalArgumentException("the snapshot interval cannot be negative");
        }
        if (servers < 1 || servers > 50 || processes < 1 || processes > 1_000) {
            throw new IllegalArgumentException("servers must be in [1, 50] and processes in [1, 1000]");
        }
        if (workloadNs <= 0 || maxRunNs <= workloadNs) {
            throw new IllegalArgumentException("the run must last longer than the workload");
        }
    }

    /** The main job's defaults: 3 servers, 12 processes, 20 s of faults, drained by 80 s. */
    public static JobOptions defaults(long seed) {
        return new JobOptions(seed, null, Mutations.none(), 3, 12, 20 * SECOND_NS, 80 * SECOND_NS, false, null,
                JobKind.DURABILITY, 0, Deployment.SPLIT, Durability.SAFE,
                TargetedKind.MIX);
    }

    public JobOptions withSwarm(SwarmOptions value) {
        return new JobOptions(seed, value, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, deployment, durability, nemesis);
    }

    public JobOptions withMutations(Mutations value) {
        return new JobOptions(seed, swarm, value, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, deployment, durability, nemesis);
    }

    public JobOptions withKeepTraceLines(boolean value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, value, schedule, job,
                snapshotIntervalRecords, deployment, durability, nemesis);
    }

    public JobOptions withWorkloadNs(long value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, value, Math.max(maxRunNs, value * 4),
                keepTraceLines, schedule, job, snapshotIntervalRecords, deployment, durability, nemesis);
    }

    public JobOptions withSchedule(FaultSchedule value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                value, job, snapshotIntervalRecords, deployment, durability, nemesis);
    }

    /** The same run with the quorum's voters snapshotting every {@code value} records (0: never). */
    public JobOptions withSnapshotIntervalRecords(int value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, value, deployment, durability, nemesis);
    }

    /** The same run with the controller job's roles placed another way. */
    public JobOptions withDeployment(Deployment value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, value, durability, nemesis);
    }

    /** The same run with the cluster job's durability knobs set otherwise. */
    public JobOptions withDurability(Durability value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, deployment, value, nemesis);
    }

    /** The same run with another number of servers (log servers, or voters of the quorum and controller jobs). */
    public JobOptions withServers(int value) {
        return new JobOptions(seed, swarm, mutations, value, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, deployment, durability, nemesis);
    }

    /** The same run as another job; the quorum and controller jobs use 3 voters and 3 client processes. */
    public JobOptions withJob(JobKind value) {
        int n = value == JobKind.DURABILITY ? servers : 3;
        int p = value == JobKind.DURABILITY ? processes : value == JobKind.CLUSTER ? 4 : 3;
        return new JobOptions(seed, swarm, mutations, n, p, workloadNs, maxRunNs, keepTraceLines, schedule, value,
                snapshotIntervalRecords, deployment, durability, nemesis);
    }

    /** The same run with the cluster job's targeted faults chosen otherwise. */
    public JobOptions withNemesis(TargetedKind value) {
        return new JobOptions(seed, swarm, mutations, servers, processes, workloadNs, maxRunNs, keepTraceLines,
                schedule, job, snapshotIntervalRecords, deployment, durability, value);
    }
}
