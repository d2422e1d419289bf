package io.gregor.sim;

import io.gregor.env.testing.DiskContractTest;
import io.gregor.env.testing.DiskHarness;

/** The Disk contract on a simulated disk whose crashes lose every unsynced write, with a slow fsync. */
class SimDiskLoseUnsyncedContractTest extends DiskContractTest {

    @Override
    protected DiskHarness newHarness() {
        return new SimDiskHarness(7L, DiskConfig.defaults()
                .withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED)
                .withFsyncLatency(LatencyModel.exponential(100_000L, 50_000_000L)));
    }
}
