package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.SimDiskHarness;

/** The log scenarios over the simulated disk, fault-free (crashes keep a prefix of unsynced writes, maybe torn). */
class SimDiskLogScenarioTest extends LogScenarioTest {

    @Override
    protected DiskHarness newHarness() {
        return new SimDiskHarness();
    }
}
