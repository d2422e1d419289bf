package io.gregor.log;

import io.gregor.env.testing.DiskHarness;

/** The log property over core's in-memory disk, whose crashes keep a random prefix of unsynced writes, torn. */
class MemoryDiskLogPropertyTest extends LogPropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new MemoryDiskHarness(seed, true);
    }
}
