package io.gregor.clustersim;

import io.gregor.broker.TopicPartition;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.TopicImage;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 *   <li>{@code failover-while-asleep} (swarm crashes on): once a partition's follower is strictly ahead of the
 *       other (looked for every millisecond, for up to a second), pause it for 15 s and, in the same instant,
 *       crash the leader (restarted 0.5 s later); 7.5 s on, crash whoever leads the partition then, if it is not
 *       the sleeper. The leadership goes away and may come back to the first leader while the follower sleeps; it
 *       wakes to a newer epoch, possibly of the leader it last followed, whose log lost or truncated the tail only
 *       the sleeper holds — KAFKA-7164's story.</li>
 *   <li>{@code strand-leader} (swarm partitions and crashes on): cut a partition's leader off from its followers
 *       only — the controllers and clients still reach it — so the followers fall behind and the leader shrinks
 *       the ISR to itself; 6 s later crash it (restarted 0.5 s later), 2 s after that heal. KIP-966's story made
 *       likely: the last ISR member loses its unflushed tail while the replicas that left the ISR are alive and
 *       hold everything committed.</li>
 *   <li>{@code kill-last-replica} (swarm crashes on): the moment a partition's ISR is down to its leader alone
 *       (checked every 50 ms), crash that leader and restart it 0.5 s later — KIP-966's story: the last replica
 *       standing loses its unflushed tail, and whoever takes over must be one that still holds what was
 *       committed. (With {@code flush.messages=1} nothing is lost; without it, only what the page cache had not
 *       written back.)</li>
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
        if (swarm.crashesPerSecond() > 0 && swarm.partitionsPerSecond() > 0) {
            n.strandLeaders(n.stream("strand-leader"));
        }
        if (swarm.crashesPerSecond() > 0) {
            n.failoversWhileAsleep(n.stream("failover-while-asleep"));
            SimEntropy lastReplica = n.stream("kill-last-replica");
            if (lastReplica != null) {
                n.killLastReplicas(startNs, new TreeMap<>());
            }
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

    private void failoversWhileAsleep(SimEntropy rng) {
        if (rng == null) {
            return;
        }
        long sleepNs = 15_000_000_000L;
        for (long at = startNs + rng.between(1_000_000_000L, 4_000_000_000L); at + sleepNs < healAtNs;
                at += sleepNs + rng.between(2_000_000_000L, 8_000_000_000L)) {
            int partition = rng.nextInt(ClusterJob.PARTITIONS);
            int[] sleeper = {-1};
            long deadline = at + 1_000_000_000L;
            cluster.sim().schedule(at, () -> strikeWhenAhead(partition, sleeper, sleepNs, deadline));
            cluster.sim().schedule(at + sleepNs / 2, () -> {
                int leader = leaderOf(partition);
                if (sleeper[0] > 0 && leader > 0 && leader != sleeper[0] && cluster.sim().isUp(leader)) {
                    history.nemesis("failover-while-asleep", "leader n" + leader + " of " + name(partition)
                            + " crashes while n" + sleeper[0] + " sleeps");
                    crashBriefly(leader);
                }
            });
        }
    }

    /**
     * Puts to sleep the follower whose log is strictly ahead of every other follower's — it holds a tail nobody but
     * the leader has — and crashes the leader; looks again every millisecond until {@code deadlineNs} if no
     * follower is ahead yet.
     */
    private void strikeWhenAhead(int partition, int[] sleeper, long sleepNs, long deadlineNs) {
        int leader = leaderOf(partition);
        int ahead = -1;
        long best = -1;
        boolean tie = false;
        for (int f = 0; f < ClusterJob.REPLICATION_FACTOR - 1; f++) {
            int follower = followerOf(partition, f);
            long end = logEnd(follower, partition);
            if (end > best) {
                best = end;
                ahead = follower;
                tie = false;
            } else if (end == best) {
                tie = true;
            }
        }
        if (leader > 0 && ahead > 0 && !tie && cluster.sim().isUp(leader)) {
            sleeper[0] = ahead;
            history.nemesis("failover-while-asleep", "n" + ahead + " (the follower of " + name(partition)
                    + " furthest ahead) sleeps " + sleepNs / 1_000_000 + " ms; leader n" + leader + " crashes");
            cluster.sim().pause(ahead, sleepNs);
            crashBriefly(leader);
        } else if (cluster.sim().nowNs() < deadlineNs) {
            cluster.sim().schedule(cluster.sim().nowNs() + 1_000_000L,
                    () -> strikeWhenAhead(partition, sleeper, sleepNs, deadlineNs));
        }
    }

    /** Where {@code broker}'s replica of the partition ends, or -1 when it is down or does not host it. */
    private long logEnd(int broker, int partition) {
        KafkaNode node = broker > 0 && cluster.sim().isUp(broker) ? cluster.node(broker) : null;
        var replica = node == null ? null
                : node.replicaManager().replica(new TopicPartition(ClusterJob.TOPIC, partition));
        return replica == null ? -1 : replica.logEndOffset();
    }

    private void strandLeaders(SimEntropy rng) {
        if (rng == null) {
            return;
        }
        for (long at = startNs + rng.between(1_000_000_000L, 4_000_000_000L); at + 8_000_000_000L < healAtNs;
                at += 8_000_000_000L + rng.between(1_000_000_000L, 6_000_000_000L)) {
            int partition = rng.nextInt(ClusterJob.PARTITIONS);
            int[] stranded = {-1};
            cluster.sim().schedule(at, () -> {
                int leader = leaderOf(partition);
                List<Integer> followers = new ArrayList<>();
                for (int f = 0; f < ClusterJob.REPLICATION_FACTOR - 1; f++) {
                    followers.add(followerOf(partition, f));
                }
                if (leader > 0 && cluster.sim().isUp(leader) && !followers.contains(-1)) {
                    stranded[0] = leader;
                    history.nemesis("strand-leader", "n" + leader + " (leader of " + name(partition) + ") cut off"
                            + " from its followers " + followers);
                    cluster.sim().network().partition(List.of(leader), followers, true);
                }
            });
            cluster.sim().schedule(at + 6_000_000_000L, () -> {
                if (stranded[0] > 0 && cluster.sim().isUp(stranded[0])) {
                    history.nemesis("strand-leader", "n" + stranded[0] + " crashes");
                    crashBriefly(stranded[0]);
                }
            });
            cluster.sim().schedule(at + 8_000_000_000L, () -> {
                if (stranded[0] > 0) {
                    history.nemesis("heal", "network");
                    cluster.sim().network().heal();
                }
            });
        }
    }

    /**
     * Every 50 ms until the heal: a partition whose ISR is its leader alone loses that leader to a crash — a node at
     * most once in 5 s, so one that leads several such partitions is not kept crashing.
     */
    private void killLastReplicas(long atNs, Map<Integer, Long> lastStrikeNs) {
        if (atNs >= healAtNs) {
            return;
        }
        cluster.sim().schedule(atNs, () -> {
            TopicImage topic = topic();
            for (int p = 0; topic != null && p < ClusterJob.PARTITIONS; p++) {
                var reg = topic.partition(p);
                int leader = reg.leader();
                boolean alone = reg.isr().size() == 1 && reg.isr().get(0) == leader;
                if (alone && leader > 0 && cluster.sim().isUp(leader)
                        && cluster.sim().nowNs() - lastStrikeNs.getOrDefault(leader, Long.MIN_VALUE / 2)
                        > 5_000_000_000L) {
                    lastStrikeNs.put(leader, cluster.sim().nowNs());
                    history.nemesis("kill-last-replica", "n" + leader + " (the ISR of " + name(p) + " alone)");
                    crashBriefly(leader);
                }
            }
            killLastReplicas(atNs + 50_000_000L, lastStrikeNs);
        });
    }

    private void crashBriefly(int node) {
        cluster.sim().crash(node);
        cluster.sim().schedule(cluster.sim().nowNs() + 500_000_000L, () -> cluster.sim().restart(node));
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
