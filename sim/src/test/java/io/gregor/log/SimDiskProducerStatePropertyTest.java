package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.sim.DiskConfig;
import io.gregor.sim.SimDiskHarness;

/**
 * The producer-state properties over the simulated disk: a crash keeps a random prefix of unsynced writes, the last
 * torn at any byte — producer snapshot files included — and the rebuilt state must equal a replay of the recovered
 * log.
 */
class SimDiskProducerStatePropertyTest extends ProducerStatePropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return new SimDiskHarness(seed, DiskConfig.defaults().withTornWriteGranularityBytes(1));
    }

    @Override
    protected int tries() {
        return 100;
    }
}
