package io.gregor.sim;

import java.util.Locale;

/** Reads the option line of {@link SwarmOptions#toOptionLine()} back, one word at a time. */
final class SwarmOptionParser {

    private static final String KNOWN = "--latency --loss --dup --fifo --reorder --crash-rate --pause-rate "
            + "--partition-rate --clog-rate --break-rate --clock-jump-rate --clock-skew --clock-drift "
            + "--fsync-latency --unsynced --read-errors --write-corruption --misdirected-writes --fsync-errors "
            + "(and --no-<fault> for each rate)";

    private SwarmOptionParser() {
    }

    static SwarmOptions parse(String line, SwarmOptions defaults) {
        SwarmOptions o = defaults;
        String trimmed = line == null ? "" : line.trim();
        if (trimmed.isEmpty()) {
            return o;
        }
        for (String word : trimmed.split("\\s+")) {
            if (!word.startsWith("--")) {
                throw new IllegalArgumentException("bad sim option '" + word + "': options start with --");
            }
            int eq = word.indexOf('=');
            String name = eq < 0 ? word.substring(2) : word.substring(2, eq);
            String value = eq < 0 ? null : word.substring(eq + 1);
            try {
                o = apply(o, name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad sim option '" + word + "': " + e.getMessage(), e);
            }
        }
        return o;
    }

    private static SwarmOptions apply(SwarmOptions o, String name, String value) {
        DiskFaultRates d = o.diskFaults();
        switch (name) {
            case "latency":
                return with(o, LatencyModel.parse(need(value)), o.lossRate(), o.duplicateRate(), o.fifoLinks(),
                        o.fsyncLatency(), o.unsynced(), d);
            case "loss":
            case "no-loss":
                return with(o, o.latency(), rate(name, value), o.duplicateRate(), o.fifoLinks(), o.fsyncLatency(),
                        o.unsynced(), d);
            case "dup":
            case "no-dup":
                return with(o, o.latency(), o.lossRate(), rate(name, value), o.fifoLinks(), o.fsyncLatency(),
                        o.unsynced(), d);
            case "fifo":
            case "reorder":
                flag(value);
                return with(o, o.latency(), o.lossRate(), o.duplicateRate(), name.equals("fifo"), o.fsyncLatency(),
                        o.unsynced(), d);
            case "fsync-latency":
                return with(o, o.latency(), o.lossRate(), o.duplicateRate(), o.fifoLinks(),
                        LatencyModel.parse(need(value)), o.unsynced(), d);
            case "unsynced":
                SwarmOptions.Unsynced mode;
                try {
                    mode = SwarmOptions.Unsynced.valueOf(need(value).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("expected lose, prefix or torn");
                }
                return with(o, o.latency(), o.lossRate(), o.duplicateRate(), o.fifoLinks(), o.fsyncLatency(), mode, d);
            case "read-errors":
            case "no-read-errors":
                return withDisk(o, new DiskFaultRates(rate(name, value), d.writeCorruptionRate(),
                        d.misdirectedWriteRate(), d.fsyncErrorRate()));
            case "write-corruption":
            case "no-write-corruption":
                return withDisk(o, new DiskFaultRates(d.readErrorRate(), rate(name, value), d.misdirectedWriteRate(),
                        d.fsyncErrorRate()));
            case "misdirected-writes":
            case "no-misdirected-writes":
                return withDisk(o, new DiskFaultRates(d.readErrorRate(), d.writeCorruptionRate(), rate(name, value),
                        d.fsyncErrorRate()));
            case "fsync-errors":
            case "no-fsync-errors":
                return withDisk(o, new DiskFaultRates(d.readErrorRate(), d.writeCorruptionRate(),
                        d.misdirectedWriteRate(), rate(name, value)));
            case "clock-skew":
                long skewNs = Durations.parse(need(value));
                if (skewNs % 1_000_000L != 0) {
                    throw new IllegalArgumentException("clock skew is in whole milliseconds");
                }
                return timed(o, "clock-skew", skewNs / 1_000_000L);
            case "clock-drift":
                String ppm = need(value);
                ppm = ppm.endsWith("ppm") ? ppm.substring(0, ppm.length() - 3) : ppm;
                try {
                    return timed(o, "clock-drift", Integer.parseInt(ppm));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number of ppm, like 100ppm");
                }
            default:
                return timed(o, name, value);
        }
    }

    /** The timed-fault rates and clock options: everything {@link Nemesis} or the clocks read. */
    private static SwarmOptions timed(SwarmOptions o, String name, Object value) {
        double crashes = o.crashesPerSecond();
        double pauses = o.pausesPerSecond();
        double partitions = o.partitionsPerSecond();
        double clogs = o.clogsPerSecond();
        double breaks = o.breaksPerSecond();
        double jumps = o.clockJumpsPerSecond();
        long skewMs = o.clockSkewMaxMs();
        int driftPpm = o.clockDriftMaxPpm();
        String v = value instanceof String s ? s : null;
        switch (name) {
            case "crash-rate", "no-crashes" -> crashes = rate(name, v);
            case "pause-rate", "no-pauses" -> pauses = rate(name, v);
            case "partition-rate", "no-partitions" -> partitions = rate(name, v);
            case "clog-rate", "no-clogs" -> clogs = rate(name, v);
            case "break-rate", "no-breaks" -> breaks = rate(name, v);
            case "clock-jump-rate", "no-clock-jumps" -> jumps = rate(name, v);
            case "clock-skew" -> skewMs = (Long) value;
            case "clock-drift" -> driftPpm = (Integer) value;
            default -> throw new IllegalArgumentException("unknown option; known: " + KNOWN);
        }
        return new SwarmOptions(o.latency(), o.lossRate(), o.duplicateRate(), o.fifoLinks(), crashes, pauses,
                partitions, clogs, breaks, jumps, skewMs, driftPpm, o.fsyncLatency(), o.unsynced(), o.diskFaults());
    }

    private static SwarmOptions with(SwarmOptions o, LatencyModel latency, double loss, double dup, boolean fifo,
            LatencyModel fsync, SwarmOptions.Unsynced unsynced, DiskFaultRates disk) {
        return new SwarmOptions(latency, loss, dup, fifo, o.crashesPerSecond(), o.pausesPerSecond(),
                o.partitionsPerSecond(), o.clogsPerSecond(), o.breaksPerSecond(), o.clockJumpsPerSecond(),
                o.clockSkewMaxMs(), o.clockDriftMaxPpm(), fsync, unsynced, disk);
    }

    private static SwarmOptions withDisk(SwarmOptions o, DiskFaultRates disk) {
        return with(o, o.latency(), o.lossRate(), o.duplicateRate(), o.fifoLinks(), o.fsyncLatency(), o.unsynced(),
                disk);
    }

    /** {@code --no-x} means 0 (and takes no value); {@code --x=r} means r. */
    private static double rate(String name, String value) {
        if (name.startsWith("no-")) {
            flag(value);
            return 0;
        }
        try {
            return Double.parseDouble(need(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number");
        }
    }

    private static String need(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("needs a value (--name=value)");
        }
        return value;
    }

    private static void flag(String value) {
        if (value != null) {
            throw new IllegalArgumentException("takes no value");
        }
    }
}
