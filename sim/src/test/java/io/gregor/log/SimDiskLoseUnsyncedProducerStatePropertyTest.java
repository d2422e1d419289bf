package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.DiskConfig;
import io.gregor.sim.SimDiskHarness;

/** The producer-state properties over a simulated disk whose crashes lose every unsynced write. */
class SimDiskLoseUnsyncedProducerStatePropertyTest extends ProducerStatePropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new SimDiskHarness(seed, DiskConfig.defaults().withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED));
    }

    @Override
    protected int tries() {
        return 60;
    }
}
