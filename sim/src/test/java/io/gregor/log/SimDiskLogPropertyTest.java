package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.DiskConfig;
import io.gregor.sim.SimDiskHarness;

/**
 * The log property over the simulated disk without device faults: a crash keeps a random prefix of unsynced
 * writes, the last torn at any byte. Every acknowledged batch must survive.
 */
class SimDiskLogPropertyTest extends LogPropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new SimDiskHarness(seed, DiskConfig.defaults().withTornWriteGranularityBytes(1));
    }
}
