package io.gregor.log;

import io.gregor.env.testing.DiskHarness;

/** The producer-state properties over core's in-memory disk, whose crashes keep a torn prefix of unsynced writes. */
class MemoryDiskProducerStatePropertyTest extends ProducerStatePropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new MemoryDiskHarness(seed, true);
    }
}
