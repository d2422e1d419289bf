package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.realnet.disk.FileDiskHarness;

/**
 * The producer-state properties over real files: snapshot files written, read back, overwritten and deleted on a
 * real file system. A crash here keeps the page cache; torn writes are the in-memory and simulated disks' job.
 */
class FileDiskProducerStatePropertyTest extends ProducerStatePropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return FileDiskHarness.inTempFolder();
    }

    @Override
    protected int tries() {
        return 20;
    }
}
