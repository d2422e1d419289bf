package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.realnet.disk.FileDiskHarness;

/** The log scenarios over real files (FileDisk in a temporary folder; a crash is a process crash). */
class FileDiskLogScenarioTest extends LogScenarioTest {

    @Override
    protected DiskHarness newHarness() {
        return FileDiskHarness.inTempFolder();
    }
}
