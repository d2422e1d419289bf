package io.gregor.clustersim;

import io.gregor.controller.MetadataImage;
import io.gregor.controller.TopicImage;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster job's targeted faults: where the swarm's faults strike any node at random, these aim at a partition's
 * leader or followers, as the active controller's image names them at the moment they strike — the situations
 * replication's rules are about. Each kind runs on half the seeds whose swarm options allow that class of fault,
 * every few seconds until the heal, drawn from its own stream of the seed (so one kind never moves another's), and
 * each strike is recorded in the history as a nemesis operation:
 * <ul>
 *   <li>{@code kill-leader} (swarm crashes on): crash a partition's leader — a machine crash, its page cache lost —
 *       and restart it 0.5–4 s later. Leader changes in quick succession, with whatever the killed leader had not
 *       replicated, are what KIP-101, KIP-279 and KAFKA-7164 are about.</li>
 *   <li>{@code isolate-leader} (swarm partitions on): cut a partition's leader off from the other Kafka nodes, both
 *       ways, for 1–8 s, clients still reaching it — the followers drop out of its ISR or elect another leader
 *       while it keeps appending as a zombie of its old epoch; then heal the network (every partition, as Jepsen's
 *       partition nemesis does).</li>
 *   <li>{@code pause} (swarm pauses on): stop a partition's follower — or, one time in three, its leader — for
 *       1–6 s (a long GC, SIGSTOP): it misses fetches, heartbeats and metadata, then wakes and acts on what it
 *       last knew.</li>
 * </ul>
 * None of these are in the replayable fault schedule: a given {@code --schedule} replaces them all.
 */
final class TargetedNemesis {

    private final KafkaCluster cluster;
    private final HistoryRecorder history;
    private final long startNs;
    private final long healAtNs;

    private TargetedNemesis(KafkaCluster cluster, HistoryRecorder history, long startNs, long healAtNs) {
        this.cluster = cluster;
        this.history = history;
        this.startNs = startNs;
        this.healAtNs = healAtNs;
    }

    /** Schedules every kind the seed turns on for {@code swarm}, between {@code startNs} and {@code healAtNs}. */
    static void schedule(KafkaCluster cluster, HistoryRecorder history, SwarmOptions swarm, long startNs,
            long healAtNs) {
        TargetedNemesis n = new TargetedNemesis(cluster, history, startNs, healAtNs);
        if (swarm.crashesPerSecond() > 0) {
            n.killLeaders(n.stream("kill-leaders"));
        }
        if (swarm.partitionsPerSecond() > 0) {
            n.isolateLeaders(n.stream("isolate-leaders"));
        }
        if (swarm.pausesPerSecond() > 0) {
            n.pauses(n.stream("pause-replicas"));
        }
    }

    /** The kind's own stream, or null when the seed's coin turns it off. */
    private SimEntropy stream(String kind) {
        SimEntropy rng = new SimEntropy(cluster.sim().seed()).fork(kind);
        return rng.nextInt(2) == 0 ? null : rng;
    }

    private void killLeaders(SimEntropy rng) {
        if (rng == null) {
            return;
        }
        for (long at = startNs + rng.between(2_000_000_000L, 6_000_000_000L); at < healAtNs;
                at += rng.between(2_000_000_000L, 6_000_000_000L)) {
            int partition = rng.nextInt(ClusterJob.PARTITIONS);
            long downNs = rng.between(500_000_000L, 4_000_000_000L);
            cluster.sim().schedule(at, () -> {
                int leader = leaderOf(partition);
                if (leader > 0 && cluster.sim().isUp(leader)) {
                    history.nemesis("kill-leader", "n" + leader + " (leader of " + name(partition) + ")");
                    cluster.sim().crash(leader);
                    cluster.sim().schedule(cluster.sim().nowNs() + downNs, () -> cluster.sim().restart(leader));
                }
            });
        }
    }

    private void isolateLeaders(SimEntropy rng) {
        if (rng == null) {
            return;
        }
        long at = startNs + rng.between(2_000_000_000L, 8_000_000_000L);
        while (at < healAtNs) {
            int partition = rng.nextInt(ClusterJob.PARTITIONS);
            long healAt = Math.min(healAtNs, at + rng.between(1_000_000_000L, 8_000_000_000L));
            cluster.sim().schedule(at, () -> {
                int leader = leaderOf(partition);
                if (leader > 0) {
                    List<Integer> others = new ArrayList<>(cluster.nodes());
                    others.remove(Integer.valueOf(leader));
                    history.nemesis("isolate-leader", "n" + leader + " (leader of " + name(partition) + ") from "
                            + others);
                    cluster.sim().network().partition(List.of(leader), others, true);
                }
            });
            cluster.sim().schedule(healAt, () -> {
                history.nemesis("heal", "network");
                cluster.sim().network().heal();
            });
            at = healAt + rng.between(1_000_000_000L, 4_000_000_000L);
        }
    }

    private void pauses(SimEntropy rng) {
        if (rng == null) {
            return;
        }
        for (long at = startNs + rng.between(2_000_000_000L, 8_000_000_000L); at < healAtNs;
                at += rng.between(2_000_000_000L, 8_000_000_000L)) {
            int partition = rng.nextInt(ClusterJob.PARTITIONS);
            boolean leader = rng.nextInt(3) == 0;
            int pick = rng.nextInt(ClusterJob.REPLICATION_FACTOR - 1);
            long durationNs = Math.min(healAtNs - at, rng.between(1_000_000_000L, 6_000_000_000L));
            cluster.sim().schedule(at, () -> {
                int node = leader ? leaderOf(partition) : followerOf(partition, pick);
                if (node > 0 && cluster.sim().isUp(node)) {
                    history.nemesis("pause", "n" + node + " (" + (leader ? "leader" : "a follower") + " of "
                            + name(partition) + ") for " + durationNs / 1_000_000 + " ms");
                    cluster.sim().pause(node, durationNs);
                }
            });
        }
    }

    private static String name(int partition) {
        return ClusterJob.TOPIC + "-" + partition;
    }

    /** The partition's leader in the active controller's image, or -1. */
    private int leaderOf(int partition) {
        TopicImage topic = topic();
        return topic == null ? -1 : topic.partition(partition).leader();
    }

    /** The {@code pick}-th replica of the partition that is not its leader, or -1. */
    private int followerOf(int partition, int pick) {
        TopicImage topic = topic();
        if (topic == null) {
            return -1;
        }
        var p = topic.partition(partition);
        List<Integer> followers = new ArrayList<>(p.replicas());
        followers.remove(Integer.valueOf(p.leader()));
        return followers.isEmpty() ? -1 : followers.get(pick % followers.size());
    }

    private TopicImage topic() {
        MetadataImage image = cluster.activeImage();
        return image == null ? null : image.topicByName(ClusterJob.TOPIC);
    }
}
