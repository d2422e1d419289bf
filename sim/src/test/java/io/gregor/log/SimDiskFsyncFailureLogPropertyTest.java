package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.DiskConfig;
import io.gregor.sim.DiskFaultRates;
import io.gregor.sim.SimDiskHarness;

/**
 * The log property with failing fsyncs (fsyncgate: a failed fsync drops the writes it covered). This fault does
 * not damage acknowledged data, so the strict checks hold: the log must fail the flush, never acknowledge what
 * the failed fsync covered, and recover every batch it did acknowledge.
 */
class SimDiskFsyncFailureLogPropertyTest extends LogPropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new SimDiskHarness(seed, DiskConfig.defaults().withTornWriteGranularityBytes(1)
                .withFaults(new DiskFaultRates(0, 0, 0, 0.05)));
    }

    @Override
    protected int tries() {
        return 100;
    }
}
