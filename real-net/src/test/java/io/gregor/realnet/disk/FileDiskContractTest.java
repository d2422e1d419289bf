package io.gregor.realnet.disk;

import io.gregor.env.testing.DiskContractTest;
import io.gregor.env.testing.DiskHarness;

/** The Disk contract on real files in a temporary folder. */
class FileDiskContractTest extends DiskContractTest {

    @Override
    protected DiskHarness newHarness() {
        return FileDiskHarness.inTempFolder();
    }
}
