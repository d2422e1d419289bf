package io.gregor.sim;

import io.gregor.env.Entropy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Which faults a run enables and how hard — swarm testing, as in TigerBeetle's VOPR: each seed turns on a random
 * subset of fault kinds at random intensities ({@link #draw(Entropy)}), because a run with every fault at once
 * hides the bugs that need a long quiet stretch of one kind. The options are plain data and print as a command
 * line ({@link #toOptionLine()}) that {@link #parse(String)} reads back exactly, so a failure can print the one
 * command that replays it.
 *
 * <p>Rates of timed faults are per second of virtual time across the cluster; the {@link Nemesis} turns them into a
 * {@link FaultSchedule}. The rest configure the network, disks and clocks ({@link #applyTo(SimConfig)}).
 *
 * @param latency message latency
 * @param lossRate probability a message is dropped
 * @param duplicateRate probability a message is delivered twice
 * @param fifoLinks links keep send order (otherwise messages reorder)
 * @param crashesPerSecond node crashes (each followed by a restart)
 * @param pausesPerSecond node pauses
 * @param partitionsPerSecond network partitions (each followed by a heal), symmetric or one-way
 * @param clogsPerSecond link clogs
 * @param breaksPerSecond connection breaks
 * @param clockJumpsPerSecond wall-clock steps
 * @param clockSkewMaxMs the largest wall-clock offset of a node
 * @param clockDriftMaxPpm the largest clock rate error of a node
 * @param fsyncLatency fsync latency
 * @param unsynced what a crash does to unsynced writes
 * @param diskFaults read errors, write corruption, misdirected writes, fsync errors
 */
public record SwarmOptions(LatencyModel latency, double lossRate, double duplicateRate, boolean fifoLinks,
        double crashesPerSecond, double pausesPerSecond, double partitionsPerSecond, double clogsPerSecond,
        double breaksPerSecond, double clockJumpsPerSecond, long clockSkewMaxMs, int clockDriftMaxPpm,
        LatencyModel fsyncLatency, Unsynced unsynced, DiskFaultRates diskFaults) {

    /** What a crash does to writes no fsync covered. */
    public enum Unsynced {
        /** All lost. */
        LOSE,
        /** A prefix survives, whole writes only. */
        PREFIX,
        /** A prefix survives, the last write possibly torn at a 512-byte sector. */
        TORN
    }

    /** The highest rate of any timed fault, per second: more is a typo. */
    public static final double MAX_RATE_PER_SECOND = 1_000.0;

    public SwarmOptions {
        if (latency == null || fsyncLatency == null || unsynced == null || diskFaults == null) {
            throw new IllegalArgumentException("latency, fsync latency, unsynced mode and disk faults are required");
        }
        NetworkConfig.checkProbability("loss", lossRate);
        NetworkConfig.checkProbability("dup", duplicateRate);
        for (double rate : new double[] {crashesPerSecond, pausesPerSecond, partitionsPerSecond, clogsPerSecond,
                breaksPerSecond, clockJumpsPerSecond}) {
            if (!(rate >= 0 && rate <= MAX_RATE_PER_SECOND)) {
                throw new IllegalArgumentException("fault rates are per second in [0, " + MAX_RATE_PER_SECOND
                        + "]: " + rate);
            }
        }
        new ClockConfig(clockSkewMaxMs, clockDriftMaxPpm, 0); // validates
    }

    /** No faults at all: the default machine of {@link SimConfig#defaults()}. */
    public static SwarmOptions none() {
        SimConfig d = SimConfig.defaults();
        return new SwarmOptions(d.network().latency(), 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0,
                d.disk().fsyncLatency(), Unsynced.TORN, DiskFaultRates.NONE);
    }

    /** A random subset of fault kinds, each at a random intensity from a fixed grid (so the line stays short). */
    public static SwarmOptions draw(Entropy entropy) {
        long minNs = pickLong(entropy, 100_000L, 500_000L, 1_000_000L);
        long maxNs = minNs + pickLong(entropy, 1_000_000L, 5_000_000L, 20_000_000L, 100_000_000L);
        LatencyModel latency = entropy.chance(0.5) ? LatencyModel.uniform(minNs, maxNs)
                : LatencyModel.exponential(minNs, maxNs);
        double loss = on(entropy, 0.5) ? pickRate(entropy, 0.001, 0.01, 0.05, 0.2) : 0;
        double dup = on(entropy, 0.3) ? pickRate(entropy, 0.001, 0.01, 0.05) : 0;
        boolean fifo = entropy.chance(0.5);
        double crashes = on(entropy, 0.5) ? pickRate(entropy, 0.05, 0.2, 1.0) : 0;
        double pauses = on(entropy, 0.5) ? pickRate(entropy, 0.1, 0.5, 2.0) : 0;
        double partitions = on(entropy, 0.5) ? pickRate(entropy, 0.05, 0.2, 1.0) : 0;
        double clogs = on(entropy, 0.4) ? pickRate(entropy, 0.1, 0.5, 2.0) : 0;
        double breaks = on(entropy, 0.4) ? pickRate(entropy, 0.1, 0.5, 2.0) : 0;
        double jumps = on(entropy, 0.3) ? pickRate(entropy, 0.05, 0.5) : 0;
        long skewMs = pickLong(entropy, 0L, 10L, 200L, 5_000L);
        int driftPpm = (int) pickLong(entropy, 0L, 10L, 100L, 1_000L);
        LatencyModel fsync = pickOne(entropy, LatencyModel.uniform(100_000L, 1_000_000L),
                LatencyModel.uniform(1_000_000L, 10_000_000L), LatencyModel.exponential(1_000_000L, 100_000_000L));
        Unsynced unsynced = pickOne(entropy, Unsynced.LOSE, Unsynced.PREFIX, Unsynced.TORN);
        DiskFaultRates disk = new DiskFaultRates(
                on(entropy, 0.2) ? pickRate(entropy, 0.0001, 0.001, 0.01) : 0,
                on(entropy, 0.2) ? pickRate(entropy, 0.0001, 0.001) : 0,
                on(entropy, 0.2) ? pickRate(entropy, 0.0001, 0.001) : 0,
                on(entropy, 0.3) ? pickRate(entropy, 0.001, 0.01, 0.05) : 0);
        return new SwarmOptions(latency, loss, dup, fifo, crashes, pauses, partitions, clogs, breaks, jumps, skewMs,
                driftPpm, fsync, unsynced, disk);
    }

    /**
     * The same options without the disk faults that destroy data already fsynced (read errors, bit flips,
     * misdirected writes); failing fsyncs stay. What a replica that halts on a storage error must survive: a failed
     * fsync loses only writes nobody was told were durable. Faults that eat acknowledged data are the log's own
     * property tests' job, and need what Kafka lacks too (a replica cannot tell it lost committed entries).
     */
    public SwarmOptions withoutSilentDataLoss() {
        return withDiskFaults(new DiskFaultRates(0, 0, 0, diskFaults.fsyncErrorRate()));
    }

    /**
     * The same options without the faults that strike a node or a link — crashes, pauses, partitions, clogs and
     * connection breaks — for a run whose targeted faults alone do that; delays, losses, clocks and disks stay.
     */
    public SwarmOptions withoutStrikes() {
        return new SwarmOptions(latency, lossRate, duplicateRate, fifoLinks, 0, 0, 0, 0, 0, clockJumpsPerSecond,
                clockSkewMaxMs, clockDriftMaxPpm, fsyncLatency, unsynced, diskFaults);
    }

    /** The same options with other disk faults. */
    public SwarmOptions withDiskFaults(DiskFaultRates value) {
        return new SwarmOptions(latency, lossRate, duplicateRate, fifoLinks, crashesPerSecond, pausesPerSecond,
                partitionsPerSecond, clogsPerSecond, breaksPerSecond, clockJumpsPerSecond, clockSkewMaxMs,
                clockDriftMaxPpm, fsyncLatency, unsynced, value);
    }

    /**
     * The same options with only some kinds of timed fault left on, the others at rate 0 — for a workload whose
     * nemesis aims different faults at different nodes (crashes at servers, partitions between clients and
     * servers). Network, disk and clock settings are unchanged.
     */
    public SwarmOptions keepingTimedFaults(boolean crashes, boolean pauses, boolean partitions, boolean clogs,
            boolean breaks, boolean clockJumps) {
        return new SwarmOptions(latency, lossRate, duplicateRate, fifoLinks, crashes ? crashesPerSecond : 0,
                pauses ? pausesPerSecond : 0, partitions ? partitionsPerSecond : 0, clogs ? clogsPerSecond : 0,
                breaks ? breaksPerSecond : 0, clockJumps ? clockJumpsPerSecond : 0, clockSkewMaxMs,
                clockDriftMaxPpm, fsyncLatency, unsynced, diskFaults);
    }

    /** The config these options give, on top of {@code base} (which keeps its trace settings and sector size). */
    public SimConfig applyTo(SimConfig base) {
        NetworkConfig network = new NetworkConfig(latency, lossRate, duplicateRate, fifoLinks);
        DiskConfig.CrashMode mode = unsynced == Unsynced.LOSE ? DiskConfig.CrashMode.LOSE_UNSYNCED
                : DiskConfig.CrashMode.KEEP_PREFIX;
        DiskConfig disk = new DiskConfig(fsyncLatency, mode, unsynced == Unsynced.TORN ? 512 : 0, diskFaults,
                base.disk().sectorSizeBytes());
        ClockConfig clock = new ClockConfig(clockSkewMaxMs, clockDriftMaxPpm, base.clock().wallEpochMs());
        return base.withNetwork(network).withDisk(disk).withClock(clock);
    }

    /** Every option, in a fixed order: {@code parse(toOptionLine())} equals this. */
    public String toOptionLine() {
        List<String> out = new ArrayList<>();
        out.add("--latency=" + latency);
        out.add(rate("loss", "no-loss", lossRate));
        out.add(rate("dup", "no-dup", duplicateRate));
        out.add(fifoLinks ? "--fifo" : "--reorder");
        out.add(rate("crash-rate", "no-crashes", crashesPerSecond));
        out.add(rate("pause-rate", "no-pauses", pausesPerSecond));
        out.add(rate("partition-rate", "no-partitions", partitionsPerSecond));
        out.add(rate("clog-rate", "no-clogs", clogsPerSecond));
        out.add(rate("break-rate", "no-breaks", breaksPerSecond));
        out.add(rate("clock-jump-rate", "no-clock-jumps", clockJumpsPerSecond));
        out.add("--clock-skew=" + Durations.format(clockSkewMaxMs * 1_000_000L));
        out.add("--clock-drift=" + clockDriftMaxPpm + "ppm");
        out.add("--fsync-latency=" + fsyncLatency);
        out.add("--unsynced=" + unsynced.name().toLowerCase(java.util.Locale.ROOT));
        out.add(rate("read-errors", "no-read-errors", diskFaults.readErrorRate()));
        out.add(rate("write-corruption", "no-write-corruption", diskFaults.writeCorruptionRate()));
        out.add(rate("misdirected-writes", "no-misdirected-writes", diskFaults.misdirectedWriteRate()));
        out.add(rate("fsync-errors", "no-fsync-errors", diskFaults.fsyncErrorRate()));
        return String.join(" ", out);
    }

    /**
     * Reads an option line (whitespace-separated {@code --name=value} and {@code --flag} words) on top of
     * {@link #none()}: options not given keep their no-fault values.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad option
     */
    public static SwarmOptions parse(String line) {
        return SwarmOptionParser.parse(line, none());
    }

    private static String rate(String name, String off, double value) {
        return value == 0 ? "--" + off : "--" + name + "=" + BigDecimal.valueOf(value).stripTrailingZeros()
                .toPlainString();
    }

    private static boolean on(Entropy entropy, double p) {
        return entropy.chance(p);
    }

    private static long pickLong(Entropy entropy, long... options) {
        return options[entropy.nextInt(options.length)];
    }

    private static double pickRate(Entropy entropy, double... options) {
        return options[entropy.nextInt(options.length)];
    }

    @SafeVarargs
    private static <T> T pickOne(Entropy entropy, T... options) {
        return options[entropy.nextInt(options.length)];
    }
}
