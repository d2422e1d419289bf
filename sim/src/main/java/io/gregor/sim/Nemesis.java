package io.gregor.sim;

import io.gregor.env.Entropy;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link SwarmOptions} into a {@link FaultSchedule}: each timed fault kind is a Poisson process at its rate,
 * with its own stream forked from the nemesis's entropy (so turning one kind on or off never moves another's
 * faults). Every fault that has an end gets it: a crash is followed by a restart, a partition by a heal, a pause
 * and a clog end by themselves. Everything ends by {@code healAtNs}, where a {@link FaultEvent.HealAll} closes the
 * schedule, so a run can check liveness after it.
 *
 * <p>Crashes never take down more than a minority ({@code (n - 1) / 2} nodes) at once, so a majority quorum can
 * always form once the network heals.
 */
public final class Nemesis {

    /** How long a crashed node stays down. */
    public static final long MIN_DOWNTIME_NS = 100_000_000L;
    public static final long MAX_DOWNTIME_NS = 5_000_000_000L;
    /** How long a partition lasts. */
    public static final long MIN_PARTITION_NS = 100_000_000L;
    public static final long MAX_PARTITION_NS = 10_000_000_000L;
    /** How long a pause (GC, SIGSTOP) lasts. */
    public static final long MIN_PAUSE_NS = 10_000_000L;
    public static final long MAX_PAUSE_NS = 2_000_000_000L;
    /** How long a clog holds a link. */
    public static final long MIN_CLOG_NS = 10_000_000L;
    public static final long MAX_CLOG_NS = 1_000_000_000L;
    /** The largest wall-clock step. */
    public static final long MAX_CLOCK_JUMP_MS = 10_000L;

    private final SwarmOptions options;
    private final Entropy entropy;
    private final List<Integer> nodeIds;
    private final long startNs;
    private final long healAtNs;
    private final List<FaultEvent> events = new ArrayList<>();

    private Nemesis(SwarmOptions options, Entropy entropy, List<Integer> nodeIds, long startNs, long healAtNs) {
        this.options = options;
        this.entropy = entropy;
        this.nodeIds = List.copyOf(nodeIds);
        this.startNs = startNs;
        this.healAtNs = healAtNs;
    }

    /**
     * The faults for a run: between {@code startNs} and {@code healAtNs}, ending with a {@link FaultEvent.HealAll}
     * at {@code healAtNs}.
     */
    public static FaultSchedule schedule(SwarmOptions options, Entropy entropy, List<Integer> nodeIds, long startNs,
            long healAtNs) {
        if (healAtNs < startNs) {
            throw new IllegalArgumentException("the heal time " + healAtNs + " is before the start " + startNs);
        }
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("the nemesis needs at least one node");
        }
        Nemesis nemesis = new Nemesis(options, entropy, nodeIds, startNs, healAtNs);
        nemesis.crashes(entropy.fork("crash"));
        nemesis.pauses(entropy.fork("pause"));
        nemesis.partitions(entropy.fork("partition"));
        nemesis.clogs(entropy.fork("clog"));
        nemesis.breaks(entropy.fork("break"));
        nemesis.clockJumps(entropy.fork("clock-jump"));
        nemesis.events.add(new FaultEvent.HealAll(healAtNs));
        return new FaultSchedule(nemesis.events);
    }

    private void crashes(Entropy r) {
        int n = nodeIds.size();
        int maxDown = (n - 1) / 2;
        long[] downUntil = new long[n];
        for (long t = next(r, startNs, options.crashesPerSecond()); t < healAtNs;
                t = next(r, t, options.crashesPerSecond())) {
            int down = 0;
            for (long until : downUntil) {
                down += until > t ? 1 : 0;
            }
            int i = r.nextInt(n);
            if (down >= maxDown || downUntil[i] > t) {
                continue;
            }
            long restartAt = Math.min(healAtNs, t + r.between(MIN_DOWNTIME_NS, MAX_DOWNTIME_NS + 1));
            downUntil[i] = restartAt;
            events.add(new FaultEvent.Crash(t, nodeIds.get(i)));
            events.add(new FaultEvent.Restart(restartAt, nodeIds.get(i)));
        }
    }

    private void pauses(Entropy r) {
        for (long t = next(r, startNs, options.pausesPerSecond()); t < healAtNs;
                t = next(r, t, options.pausesPerSecond())) {
            long duration = Math.min(healAtNs - t, r.between(MIN_PAUSE_NS, MAX_PAUSE_NS + 1));
            events.add(new FaultEvent.Pause(t, nodeIds.get(r.nextInt(nodeIds.size())), duration));
        }
    }

    private void partitions(Entropy r) {
        int n = nodeIds.size();
        if (n < 2) {
            return;
        }
        long healedAt = startNs;
        for (long t = next(r, startNs, options.partitionsPerSecond()); t < healAtNs;
                t = next(r, t, options.partitionsPerSecond())) {
            if (t < healedAt) {
                continue; // one partition at a time: a Heal heals everything
            }
            List<Integer> shuffled = new ArrayList<>(nodeIds);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                shuffled.set(i, shuffled.set(j, shuffled.get(i)));
            }
            int cut = 1 + r.nextInt(n - 1);
            boolean oneWay = r.chance(1.0 / 3);
            events.add(new FaultEvent.Partition(t, shuffled.subList(0, cut), shuffled.subList(cut, n), oneWay));
            healedAt = Math.min(healAtNs, t + r.between(MIN_PARTITION_NS, MAX_PARTITION_NS + 1));
            events.add(new FaultEvent.Heal(healedAt));
        }
    }

    private void clogs(Entropy r) {
        if (nodeIds.size() < 2) {
            return;
        }
        for (long t = next(r, startNs, options.clogsPerSecond()); t < healAtNs;
                t = next(r, t, options.clogsPerSecond())) {
            int[] pair = pair(r);
            long duration = Math.min(healAtNs - t, r.between(MIN_CLOG_NS, MAX_CLOG_NS + 1));
            events.add(new FaultEvent.Clog(t, pair[0], pair[1], duration));
        }
    }

    private void breaks(Entropy r) {
        if (nodeIds.size() < 2) {
            return;
        }
        for (long t = next(r, startNs, options.breaksPerSecond()); t < healAtNs;
                t = next(r, t, options.breaksPerSecond())) {
            int[] pair = pair(r);
            events.add(new FaultEvent.BreakConnection(t, pair[0], pair[1]));
        }
    }

    private void clockJumps(Entropy r) {
        for (long t = next(r, startNs, options.clockJumpsPerSecond()); t < healAtNs;
                t = next(r, t, options.clockJumpsPerSecond())) {
            long deltaMs = r.between(1, MAX_CLOCK_JUMP_MS + 1) * (r.chance(0.5) ? 1 : -1);
            events.add(new FaultEvent.ClockJump(t, nodeIds.get(r.nextInt(nodeIds.size())), deltaMs));
        }
    }

    /** Two distinct node ids. */
    private int[] pair(Entropy r) {
        int n = nodeIds.size();
        int a = r.nextInt(n);
        int b = (a + 1 + r.nextInt(n - 1)) % n;
        return new int[] {nodeIds.get(a), nodeIds.get(b)};
    }

    /** The next arrival of a Poisson process at {@code perSecond} after {@code t}; past the heal time when off. */
    private long next(Entropy r, long t, double perSecond) {
        if (perSecond <= 0) {
            return Long.MAX_VALUE;
        }
        double gapNs = -Math.log1p(-r.nextDouble()) / perSecond * 1e9;
        return gapNs >= healAtNs - t ? Long.MAX_VALUE : t + 1 + (long) gapNs;
    }
}
