package io.gregor.cli;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options {@code sim} and {@code sweep} share: which job, its size, its bug switches, how long. */
final class JobMixin {

    @Option(names = "--mutation", paramLabel = "NAME", description = "Turn on a bug switch (see: gregor mutations).")
    List<String> mutations = new ArrayList<>();

    @Option(names = "--job", paramLabel = "JOB", description = "cluster (default: 3 combined Kafka nodes, a"
            + " replicated topic, producers and consumers), controller, quorum, kip996 or durability; a mutation picks"
            + " the job that can find it.")
    String job;

    @Option(names = "--nodes", paramLabel = "N", description = "Kafka nodes (cluster job, default 3; 3 to 9), log"
            + " servers (durability job, default 3) or voters (quorum and controller jobs, default 3; 1 to 9).")
    Integer nodes;

    @Option(names = "--snapshot-interval", paramLabel = "N", description = "Quorum and controller jobs: each voter"
            + " snapshots its state (the controller's: the metadata image) every N records and trims its log"
            + " (KIP-630); followers that fall behind fetch the snapshot.")
    Integer snapshotInterval;

    @Option(names = "--deployment", paramLabel = "SHAPE", description = "Controller and cluster jobs: split (the"
            + " controller job's default: 3 dedicated controllers, the brokers observe the metadata log) or combined"
            + " (the cluster job's default: every node is a controller and a broker).")
    String deployment;

    @Option(names = "--acks", paramLabel = "ACKS", description = "Cluster job: the producers' acks, all (default)"
            + " or 1 (a leader that dies before a follower copied the record loses it).")
    String acks;

    @Option(names = "--unclean-election", description = "Cluster job: the topic allows unclean leader election.")
    boolean uncleanElection;

    @Option(names = "--no-flush", description = "Cluster job: no flush.messages=1 — durability by replication alone,"
            + " which a machine crash of every replica defeats (Kafka's default).")
    boolean noFlush;

    @Option(names = "--writeback", paramLabel = "MS", description = "Cluster job with --no-flush: the operating"
            + " system writes dirty pages back every MS milliseconds, so what is older survives a crash (default: never"
            + " within a run, like Linux's 30 s expiry).")
    Long writebackMs;

    @Option(names = "--nemesis", paramLabel = "KIND", description = "Cluster job: the targeted faults — mix (the"
            + " default: each kind on half the seeds), none, or one kind alone on every seed, the swarm then striking"
            + " no node or link itself: kill-leader, isolate-leader, pause, failover-while-asleep, strand-leader,"
            + " kill-last-replica, rolling-restart, interleave-epochs, fence-followers (the last two need --deployment"
            + " split).")
    String nemesis;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Simulated seconds of workload and faults (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    /** The bug switches asked for (checked). */
    Set<Mutation> switches() {
        return MutationOption.parse(mutations);
    }

    /** The job these options run (checked against the switches). */
    JobKind kind() {
        return Jobs.choose(job, switches());
    }

    /** The options of one run of {@code seed}, checked: one line of error for anything out of range. */
    JobOptions options(long seed) {
        if (!(durationSeconds >= 1 && durationSeconds <= 3_600)) {
            throw new BadInputException("--duration must be between 1 and 3600 simulated seconds");
        }
        JobOptions options = JobOptions.defaults(seed).withJob(kind()).withMutations(Mutations.of(switches()))
                .withWorkloadNs((long) (durationSeconds * 1e9));
        JobOptions shaped = Jobs.withDeployment(Jobs.withSnapshots(Jobs.withNodes(options, nodes), snapshotInterval),
                deployment);
        return Jobs.withNemesis(Jobs.withDurability(shaped, acks, uncleanElection, noFlush, writebackMs), nemesis);
    }
}
