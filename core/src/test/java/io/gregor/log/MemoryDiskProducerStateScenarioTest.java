package io.gregor.log;

import io.gregor.env.testing.DiskHarness;

/** The producer-state scenarios over core's small in-memory disk. */
class MemoryDiskProducerStateScenarioTest extends ProducerStateScenarioTest {

    @Override
    protected DiskHarness newHarness() {
        return new MemoryDiskHarness(1L, false);
    }
}
