package io.gregor.sim;

import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.testing.DiskHarness;

/**
 * A {@link DiskHarness} over a {@link Simulation}: the disk of a driver (a node id with an Env and no Node), whose
 * fsync completions are delivered by running the simulation. A crash crashes and restarts the driver, applying the
 * disk's crash semantics.
 */
public final class SimDiskHarness implements DiskHarness {

    /** The driver's node id. */
    public static final int NODE_ID = 0;

    private final Simulation simulation;

    /** A well-behaved disk (the default config: a prefix of unsynced writes survives a crash, maybe torn). */
    public SimDiskHarness() {
        this(1L, DiskConfig.defaults());
    }

    /** The default disk with these faults on. */
    public SimDiskHarness(DiskFaultRates faults) {
        this(1L, DiskConfig.defaults().withFaults(faults));
    }

    public SimDiskHarness(long seed, DiskConfig disk) {
        this.simulation = new Simulation(seed, SimConfig.defaults().withDisk(disk));
        simulation.envFor(NODE_ID);
    }

    public Simulation simulation() {
        return simulation;
    }

    /** The disk as its simulated type, for checks on durable contents. */
    public SimDisk simDisk() {
        return simulation.disk(NODE_ID);
    }

    @Override
    public Disk disk() {
        return simulation.envFor(NODE_ID).disk();
    }

    @Override
    public Clock clock() {
        return simulation.envFor(NODE_ID).clock();
    }

    @Override
    public void runUntilIdle() {
        simulation.runUntilQuiescent(Long.MAX_VALUE);
    }

    @Override
    public void crash() {
        simulation.crash(NODE_ID);
        simulation.restart(NODE_ID);
    }

    @Override
    public boolean corruptsDurableData() {
        return simDisk().faults().corruptsDurableData();
    }
}
