package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.DiskConfig;
import io.gregor.sim.DiskFaultRates;
import io.gregor.sim.SimDiskHarness;

/**
 * The log property under every disk fault: latent read errors, bit flips and misdirected writes on the way to the
 * media, failing fsyncs. Acknowledged data may now be lost to the device, so the property weakens to: the log
 * never returns a batch that was not written, keeps offsets contiguous, and reports what it cannot serve
 * (a CORRUPT state, a refused open or read) instead of serving it.
 */
class SimDiskFaultyLogPropertyTest extends LogPropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new SimDiskHarness(seed, DiskConfig.defaults().withTornWriteGranularityBytes(1)
                .withFaults(new DiskFaultRates(0.002, 0.02, 0.02, 0.02)));
    }

    @Override
    protected int tries() {
        return 100;
    }
}
