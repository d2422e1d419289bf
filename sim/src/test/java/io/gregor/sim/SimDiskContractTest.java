package io.gregor.sim;

import io.gregor.env.testing.DiskContractTest;
import io.gregor.env.testing.DiskHarness;

/** The Disk contract on the simulated disk with its default crash semantics (a torn prefix of unsynced writes). */
class SimDiskContractTest extends DiskContractTest {

    @Override
    protected DiskHarness newHarness() {
        return new SimDiskHarness();
    }
}
