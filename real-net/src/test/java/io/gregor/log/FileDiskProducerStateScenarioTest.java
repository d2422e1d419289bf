package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.realnet.disk.FileDiskHarness;

/** The producer-state scenarios over real files (FileDisk in a temporary folder; a crash is a process crash). */
class FileDiskProducerStateScenarioTest extends ProducerStateScenarioTest {

    @Override
    protected DiskHarness newHarness() {
        return FileDiskHarness.inTempFolder();
    }
}
