package io.gregor.log;

import io.gregor.env.testing.DiskHarness;

/** The scenarios over core's small in-memory disk. */
class MemoryDiskLogScenarioTest extends LogScenarioTest {

    @Override
    protected DiskHarness newHarness() {
        return new MemoryDiskHarness(1L, false);
    }
}
