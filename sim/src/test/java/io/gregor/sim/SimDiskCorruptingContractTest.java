package io.gregor.sim;

import io.gregor.env.testing.DiskContractTest;
import io.gregor.env.testing.DiskHarness;

/**
 * The Disk contract on a simulated disk that corrupts and misdirects writes on their way to the media: everything
 * but the survival checks (which the harness skips: it corrupts durable data) must still hold.
 */
class SimDiskCorruptingContractTest extends DiskContractTest {

    @Override
    protected DiskHarness newHarness() {
        return new SimDiskHarness(new DiskFaultRates(0, 0.5, 0.5, 0));
    }
}
