package io.gregor.sim;

/**
 * The simulated disk's behaviour.
 *
 * @param fsyncLatency how long an fsync takes to complete; completions of one disk happen in call order
 * @param crashMode what happens to unsynced writes when the node crashes
 * @param tornWriteGranularityBytes with {@link CrashMode#KEEP_PREFIX}, the last surviving write may be torn: cut to
 *     a multiple of this many bytes (512 for sectors, 1 for arbitrary bytes); 0 means writes are never torn
 * @param faults the rates of injected device faults
 * @param sectorSizeBytes the unit of latent sector errors and misdirected writes
 */
public record DiskConfig(LatencyModel fsyncLatency, CrashMode crashMode, int tornWriteGranularityBytes,
        DiskFaultRates faults, int sectorSizeBytes) {

    /** What survives of the writes that no fsync covered when a node crashes. */
    public enum CrashMode {
        /** All of them are lost: the file is exactly what was fsynced. */
        LOSE_UNSYNCED,
        /**
         * A random prefix of them (in the order they were issued) survives, possibly none, possibly all; the last
         * surviving one may be torn. This is what an ordered-journal file system gives.
         */
        KEEP_PREFIX
    }

    public DiskConfig {
        if (fsyncLatency == null || crashMode == null || faults == null) {
            throw new IllegalArgumentException("fsync latency, crash mode and faults are required");
        }
        if (tornWriteGranularityBytes < 0) {
            throw new IllegalArgumentException("torn write granularity must be >= 0: " + tornWriteGranularityBytes);
        }
        if (sectorSizeBytes <= 0 || Integer.bitCount(sectorSizeBytes) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two: " + sectorSizeBytes);
        }
    }

    /** fsync 1ms..5ms, a prefix of unsynced writes survives a crash, torn at 512-byte sectors, no faults. */
    public static DiskConfig defaults() {
        return new DiskConfig(LatencyModel.uniform(1_000_000L, 5_000_000L), CrashMode.KEEP_PREFIX, 512,
                DiskFaultRates.NONE, 512);
    }

    public DiskConfig withFsyncLatency(LatencyModel value) {
        return new DiskConfig(value, crashMode, tornWriteGranularityBytes, faults, sectorSizeBytes);
    }

    public DiskConfig withCrashMode(CrashMode value) {
        return new DiskConfig(fsyncLatency, value, tornWriteGranularityBytes, faults, sectorSizeBytes);
    }

    public DiskConfig withTornWriteGranularityBytes(int value) {
        return new DiskConfig(fsyncLatency, crashMode, value, faults, sectorSizeBytes);
    }

    public DiskConfig withFaults(DiskFaultRates value) {
        return new DiskConfig(fsyncLatency, crashMode, tornWriteGranularityBytes, value, sectorSizeBytes);
    }
}
