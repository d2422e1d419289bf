package io.gregor.sim;

/**
 * How often a simulated disk misbehaves. Each is a probability per operation, drawn from the disk's own entropy
 * stream; every fault that fires is a trace event.
 *
 * @param readErrorRate per read: a latent sector error — the sector under the read becomes bad and the read (and
 *     every later read of that sector, until it is rewritten) throws {@link io.gregor.env.DiskException}
 * @param writeCorruptionRate per write: one bit of the bytes headed for stable storage flips, silently (the page
 *     cache keeps the right bytes; the flip shows after a crash, when the file is read back from the media)
 * @param misdirectedWriteRate per write: the bytes reach stable storage at a different, sector-aligned offset
 *     (again visible only after a crash)
 * @param fsyncErrorRate per fsync: the flush fails, the callback gets a DiskException, and the file's writes that
 *     fsync covered are dropped from what can ever become durable (fsyncgate) while reads still show them
 */
public record DiskFaultRates(double readErrorRate, double writeCorruptionRate, double misdirectedWriteRate,
        double fsyncErrorRate) {

    public static final DiskFaultRates NONE = new DiskFaultRates(0, 0, 0, 0);

    public DiskFaultRates {
        NetworkConfig.checkProbability("read error rate", readErrorRate);
        NetworkConfig.checkProbability("write corruption rate", writeCorruptionRate);
        NetworkConfig.checkProbability("misdirected write rate", misdirectedWriteRate);
        NetworkConfig.checkProbability("fsync error rate", fsyncErrorRate);
    }

    /** Whether any of these faults can damage data that an fsync acknowledged. */
    public boolean corruptsDurableData() {
        return readErrorRate > 0 || writeCorruptionRate > 0 || misdirectedWriteRate > 0;
    }

    public boolean any() {
        return corruptsDurableData() || fsyncErrorRate > 0;
    }
}
