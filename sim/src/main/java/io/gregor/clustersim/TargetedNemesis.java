package io.gregor.clustersim;

import io.gregor.broker.TopicPartition;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controller.TopicImage;
import io.gregor.log.EpochEntry;
import io.gregor.replication.PartitionReplica;
import io.gregor.sim.SimEntropy;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.HistoryRecorder;
import io.gregor.workload.TargetedKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

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
 *   <li>{@code rolling-restart} (swarm crashes on): one broker at a time, a controlled shutdown — the controller
 *       moves its leaderships away and takes it out of the ISRs, the broker flushes its logs and writes the
 *       clean-shutdown file — then the process stops (the machine stays up: nothing is lost) and restarts 1–3 s
 *       later, registering with its previous broker epoch (KIP-966: a clean shutdown keeps it an eligible leader
 *       replica). A shutdown not done in 10 s stops anyway, unclean.</li>
 * </ul>
 * Two more are {@link Script}s, steps on one partition, and run in the split deployment only (they cut brokers off
 * from the controllers, which in a combined cluster would cut the metadata quorum too); on a seed whose coin turns
 * one of them on (swarm partitions and crashes on), no other kind runs, since each step needs the cluster as the
 * step before left it:
 * <ul>
 *   <li>{@code interleave-epochs} ({@link Interleave}): KIP-279's story — two replicas each hold an epoch the other
 *       never saw, and the one that leads has the older one ending above where their logs part.</li>
 *   <li>{@code fence-followers} ({@link FenceFollowers}): KIP-966's story — the followers fenced while still
 *       fetching, the leader crashed the instant it is the ISR alone.</li>
 * </ul>
 * {@code --nemesis KIND} ({@link TargetedKind}) runs one kind alone on every seed, or none. None of these are in the
 * replayable fault schedule: a given {@code --schedule} replaces them all.
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

    /**
     * Schedules, between {@code startNs} and {@code healAtNs}, the kinds {@code choice} names: by default every kind
     * the seed turns on for {@code swarm}; one kind alone on every seed; or none.
     */
    static void schedule(KafkaCluster cluster, HistoryRecorder history, SwarmOptions swarm, TargetedKind choice,
            long startNs, long healAtNs) {
        TargetedNemesis n = new TargetedNemesis(cluster, history, startNs, healAtNs);
        if (choice.single()) {
            n.run(choice, new SimEntropy(cluster.sim().seed()).fork(choice.cliName()));
            return;
        }
        if (choice == TargetedKind.NONE) {
            return;
        }
        boolean crashes = swarm.crashesPerSecond() > 0;
        boolean partitions = swarm.partitionsPerSecond() > 0;
        if (crashes && partitions && !cluster.combined()) {
            // a script's steps need the cluster as they left it: no other kind on the seeds it runs on
            for (TargetedKind script : List.of(TargetedKind.INTERLEAVE_EPOCHS, TargetedKind.FENCE_FOLLOWERS)) {
                SimEntropy rng = n.stream(script);
                if (rng != null) {
                    n.run(script, rng);
                    return;
                }
            }
        }
        n.run(TargetedKind.KILL_LEADER, crashes ? n.stream(TargetedKind.KILL_LEADER) : null);
        n.run(TargetedKind.ISOLATE_LEADER, partitions ? n.stream(TargetedKind.ISOLATE_LEADER) : null);
        n.run(TargetedKind.PAUSE, swarm.pausesPerSecond() > 0 ? n.stream(TargetedKind.PAUSE) : null);
        n.run(TargetedKind.STRAND_LEADER, crashes && partitions ? n.stream(TargetedKind.STRAND_LEADER) : null);
        n.run(TargetedKind.FAILOVER_WHILE_ASLEEP, crashes ? n.stream(TargetedKind.FAILOVER_WHILE_ASLEEP) : null);
        n.run(TargetedKind.KILL_LAST_REPLICA, crashes ? n.stream(TargetedKind.KILL_LAST_REPLICA) : null);
        n.run(TargetedKind.ROLLING_RESTART, crashes ? n.stream(TargetedKind.ROLLING_RESTART) : null);
    }

    /** Runs {@code kind} with its own stream {@code rng} (nothing when null). */
    private void run(TargetedKind kind, SimEntropy rng) {
        if (rng == null) {
            return;
        }
        switch (kind) {
            case KILL_LEADER -> killLeaders(rng);
            case ISOLATE_LEADER -> isolateLeaders(rng);
            case PAUSE -> pauses(rng);
            case STRAND_LEADER -> strandLeaders(rng);
            case FAILOVER_WHILE_ASLEEP -> failoversWhileAsleep(rng);
            case KILL_LAST_REPLICA -> killLastReplicas(startNs, new TreeMap<>());
            case ROLLING_RESTART -> restartNext(startNs + rng.between(2_000_000_000L, 6_000_000_000L), 0, rng);
            case INTERLEAVE_EPOCHS -> scriptsFrom(startNs + rng.between(1_000_000_000L, 4_000_000_000L),
                    25_000_000_000L, rng, Interleave::new);
            case FENCE_FOLLOWERS -> scriptsFrom(startNs + rng.between(1_000_000_000L, 4_000_000_000L),
                    12_000_000_000L, rng, FenceFollowers::new);
            default -> throw new IllegalArgumentException("not a single kind: " + kind);
        }
    }

    /** The kind's own stream, or null when the seed's coin turns it off. */
    private SimEntropy stream(TargetedKind kind) {
        // the first three keep the stream names they had before the kinds were named, and so their seeds' runs
        String name = switch (kind) {
            case KILL_LEADER -> "kill-leaders";
            case ISOLATE_LEADER -> "isolate-leaders";
            case PAUSE -> "pause-replicas";
            default -> kind.cliName();
        };
        SimEntropy rng = new SimEntropy(cluster.sim().seed()).fork(name);
        return rng.nextInt(2) == 0 ? null : rng;
    }

    private void killLeaders(SimEntropy rng) {
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
        PartitionReplica replica = replicaOf(broker, partition);
        return replica == null ? -1 : replica.logEndOffset();
    }

    /** {@code broker}'s replica of the partition, or null when it is down or does not host it. */
    private PartitionReplica replicaOf(int broker, int partition) {
        KafkaNode node = broker > 0 && cluster.sim().isUp(broker) ? cluster.node(broker) : null;
        return node == null ? null : node.replicaManager().replica(new TopicPartition(ClusterJob.TOPIC, partition));
    }

    private void strandLeaders(SimEntropy rng) {
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
     * From {@code atNs}, every 100 ms, looks for a partition a script ({@code make} builds one for a partition and
     * what to do when it ends) can start on; runs it and, 1–4 s after it ends, looks again — while a whole script,
     * {@code lengthNs} at most, still fits before the heal.
     */
    private void scriptsFrom(long atNs, long lengthNs, SimEntropy rng,
            BiFunction<Integer, Runnable, Script> make) {
        if (atNs + lengthNs >= healAtNs) {
            return;
        }
        int first = rng.nextInt(ClusterJob.PARTITIONS);
        cluster.sim().schedule(atNs, () -> {
            for (int i = 0; i < ClusterJob.PARTITIONS; i++) {
                Script script = make.apply((first + i) % ClusterJob.PARTITIONS,
                        () -> scriptsFrom(cluster.sim().nowNs() + rng.between(1_000_000_000L, 4_000_000_000L),
                                lengthNs, rng, make));
                if (script.start()) {
                    return;
                }
            }
            scriptsFrom(cluster.sim().nowNs() + 100_000_000L, lengthNs, rng, make);
        });
    }

    /**
     * A targeted fault in steps on one partition: each step waits, looking every 10 ms, for what it needs and gives
     * up — healing the network and restarting whom it crashed — when it does not come. Its cuts are made again at
     * every look, so a heal by anything else does not undo them.
     */
    private abstract class Script {
        private static final long POLL_NS = 10_000_000L;
        final int partition;
        private final Runnable next;
        private final List<List<List<Integer>>> cuts = new ArrayList<>();
        private final List<Integer> crashed = new ArrayList<>();

        Script(int partition, Runnable next) {
            this.partition = partition;
            this.next = next;
        }

        /** Starts the script if the partition is as it needs; whether it started. */
        abstract boolean start();

        void cut(List<Integer> a, List<Integer> b) {
            cuts.add(List.of(a, b));
            cluster.sim().network().partition(a, b, true);
        }

        void uncut(List<Integer> a, List<Integer> b) {
            cuts.remove(List.of(a, b));
            cluster.sim().network().reconnect(a, b);
        }

        void crash(int node) {
            crashed.add(node);
            cluster.sim().crash(node);
        }

        /** Heals the network, restarts whom the script crashed, and looks for the next partition to strike. */
        void end() {
            history.nemesis("heal", "network" + (crashed.isEmpty() ? "" : "; restart " + crashed));
            cuts.clear();
            cluster.sim().network().heal();
            for (int node : crashed) {
                cluster.sim().restart(node);
            }
            next.run();
        }

        /** Runs {@code then} once {@code condition} holds, looking every 10 ms for {@code forNs}; else ends. */
        void await(BooleanSupplier condition, long forNs, Runnable then) {
            long deadline = cluster.sim().nowNs() + forNs;
            Runnable[] look = new Runnable[1];
            look[0] = () -> {
                for (List<List<Integer>> c : cuts) {
                    cluster.sim().network().partition(c.get(0), c.get(1), true);
                }
                if (topic() != null && condition.getAsBoolean()) {
                    then.run();
                } else if (cluster.sim().nowNs() < deadline && cluster.sim().nowNs() < healAtNs) {
                    cluster.sim().schedule(cluster.sim().nowNs() + POLL_NS, look[0]);
                } else {
                    end();
                }
            };
            look[0].run();
        }

        boolean full(PartitionRegistration reg) {
            return reg.isr().size() == reg.replicas().size();
        }

        /** The partition's registration if its ISR is full and all its replicas are up, else null. */
        PartitionRegistration whole() {
            TopicImage topic = topic();
            var reg = topic == null ? null : topic.partition(partition);
            return reg != null && reg.replicas().size() == ClusterJob.REPLICATION_FACTOR && full(reg)
                    && reg.replicas().stream().allMatch(cluster.sim()::isUp) ? reg : null;
        }
    }

    /**
     * KIP-279's story in four steps on one partition whose replicas, in assignment order, are x, f and l (the
     * controller elects the first eligible one in that order).
     */
    private final class Interleave extends Script {
        private int x;
        private int f;
        private int l;
        private int epochX;

        Interleave(int partition, Runnable next) {
            super(partition, next);
        }

        @Override
        boolean start() {
            var reg = whole();
            if (reg == null) {
                return false;
            }
            List<Integer> replicas = reg.replicas();
            x = replicas.get(0);
            f = replicas.get(1);
            l = replicas.get(2);
            if (reg.leader() == l) {
                cutF();
                return true;
            }
            // step 0: l must lead a full ISR — fence x and f at once (cut from the controllers, not crashed)
            history.nemesis("interleave-epochs", "fence n" + x + " and n" + f + " so n" + l + " leads "
                    + name(partition));
            cut(List.of(x, f), cluster.controllers());
            await(() -> leaderOf(partition) == l, 6_000_000_000L, () -> {
                uncut(List.of(x, f), cluster.controllers());
                await(() -> full(topic().partition(partition)) && leaderOf(partition) == l, 6_000_000_000L,
                        this::cutF);
            });
            return true;
        }

        /** Step 1: f hears from no broker, l is fenced; x leads an epoch f never sees and l rejoins its ISR. */
        private void cutF() {
            history.nemesis("interleave-epochs", "n" + f + " cut off from n" + x + " and n" + l + "; n" + l
                    + " (leader of " + name(partition) + ") fenced");
            cut(List.of(f), List.of(x, l));
            cut(List.of(l), cluster.controllers());
            await(() -> leaderOf(partition) == x, 6_000_000_000L, () -> {
                epochX = topic().partition(partition).leaderEpoch();
                uncut(List.of(l), cluster.controllers());
                await(() -> {
                    var reg = topic().partition(partition);
                    var lr = replicaOf(l, partition);
                    return reg.leader() == x && reg.leaderEpoch() == epochX && full(reg) && lr != null
                            && lr.log().latestEpoch().orElse(-1) == epochX;
                }, 4_500_000_000L, this::crashX);
            });
        }

        /** Step 2: x crashes; f, still in the ISR, leads the next epoch while l cannot fetch from it. */
        private void crashX() {
            history.nemesis("interleave-epochs", "n" + l + " holds epoch " + epochX + " of " + name(partition)
                    + ", n" + f + " none of it: leader n" + x + " crashes");
            crash(x);
            await(() -> {
                var fr = replicaOf(f, partition);
                List<EpochEntry> epochs = fr == null ? List.of() : fr.log().epochEntries();
                EpochEntry last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
                return fr != null && fr.isLeader() && last != null && last.epoch() == fr.leaderEpoch()
                        && last.epoch() > epochX && fr.log().recoveryPoint() > last.startOffset();
            }, 8_000_000_000L, this::crashF);
        }

        /** Step 3: f crashes with a batch of its own epoch on disk; l leads the epoch after. 4 s on, all heal. */
        private void crashF() {
            history.nemesis("interleave-epochs", "n" + f + " wrote its epoch of " + name(partition)
                    + " alone and crashes");
            crash(f);
            cluster.sim().schedule(cluster.sim().nowNs() + 4_000_000_000L, this::end);
        }
    }

    /**
     * KIP-966's story: a partition's followers lose the controllers (cut off from them, still fetching from the
     * leader), so the controller fences them and shrinks the ISR to the leader alone; that instant the leader crashes,
     * losing what its page cache had not written back — records the followers hold and were committed a moment ago.
     * A second on, the followers reach the controllers again; 4 s on, the leader restarts.
     */
    private final class FenceFollowers extends Script {

        FenceFollowers(int partition, Runnable next) {
            super(partition, next);
        }

        @Override
        boolean start() {
            var reg = whole();
            if (reg == null || reg.leader() < 0) {
                return false;
            }
            int leader = reg.leader();
            List<Integer> followers = new ArrayList<>(reg.replicas());
            followers.remove(Integer.valueOf(leader));
            history.nemesis("fence-followers", "n" + followers.get(0) + " and n" + followers.get(1) + " (followers of "
                    + name(partition) + ") cut off from the controllers");
            cut(followers, cluster.controllers());
            await(() -> {
                var now = topic().partition(partition);
                return now.leader() == leader && now.isr().equals(List.of(leader));
            }, 8_000_000_000L, () -> {
                history.nemesis("fence-followers", "n" + leader + " (the ISR of " + name(partition) + " alone)"
                        + " crashes");
                crash(leader);
                cluster.sim().schedule(cluster.sim().nowNs() + 1_000_000_000L,
                        () -> uncut(followers, cluster.controllers()));
                cluster.sim().schedule(cluster.sim().nowNs() + 4_000_000_000L, this::end);
            });
            return true;
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

    /** At {@code atNs}, the {@code index}-th broker (in turn) shuts down under control; the next follows its return. */
    private void restartNext(long atNs, int index, SimEntropy rng) {
        if (atNs >= healAtNs) {
            return;
        }
        int broker = cluster.brokers().get(index % cluster.brokers().size());
        cluster.sim().schedule(atNs, () -> {
            long now = cluster.sim().nowNs();
            if (!cluster.sim().isUp(broker)) {
                restartNext(now + rng.between(2_000_000_000L, 6_000_000_000L), index + 1, rng);
                return;
            }
            history.nemesis("rolling-restart", "n" + broker + " begins a controlled shutdown");
            cluster.node(broker).beginControlledShutdown();
            awaitStop(broker, now + 10_000_000_000L, index, rng);
        });
    }

    /**
     * Stops {@code broker} once its controlled shutdown finished — or at {@code deadlineNs} regardless, as a Kafka
     * broker whose controlled shutdown keeps failing stops anyway, without the clean-shutdown file — and restarts it
     * 1–3 s later; the next broker's turn comes 2–6 s after that.
     */
    private void awaitStop(int broker, long deadlineNs, int index, SimEntropy rng) {
        long now = cluster.sim().nowNs();
        KafkaNode node = cluster.sim().isUp(broker) ? cluster.node(broker) : null;
        if (node != null && !node.readyToStop() && now < deadlineNs) {
            cluster.sim().schedule(now + 10_000_000L, () -> awaitStop(broker, deadlineNs, index, rng));
            return;
        }
        long downNs = rng.between(1_000_000_000L, 3_000_000_000L);
        if (node != null) {
            history.nemesis("rolling-restart", "n" + broker + (node.readyToStop() ? " stops cleanly"
                    : " did not finish its controlled shutdown in 10 s: stops anyway"));
            cluster.sim().stop(broker);
            cluster.sim().schedule(now + downNs, () -> cluster.sim().restart(broker));
        }
        restartNext(now + downNs + rng.between(2_000_000_000L, 6_000_000_000L), index + 1, rng);
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
