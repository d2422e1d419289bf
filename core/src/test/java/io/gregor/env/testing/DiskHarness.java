package io.gregor.env.testing;

import io.gregor.env.Clock;
import io.gregor.env.Disk;

/**
 * One disk backend for contract tests written once in core's test-jar and run against the simulated disk (sim)
 * and the real file disk (real-net). The test plays the node's event loop: it calls the disk, then
 * {@link #runUntilIdle()} to deliver pending fsync completions.
 */
public interface DiskHarness extends AutoCloseable {

    /** The disk as the current incarnation of the node sees it. After {@link #crash()} a new view is returned. */
    Disk disk();

    /** The node's clock (virtual in the simulator). */
    Clock clock();

    /** Delivers every pending completion (fsync callbacks) and returns when none is left. */
    void runUntilIdle();

    /**
     * Crashes the node and restarts it over its durable state: pending completions are dropped, and what was not
     * fsynced may be lost or torn (as the backend's faults allow). Afterwards {@link #disk()} is the new view.
     */
    void crash();

    /** Whether {@link #crash()} can lose acknowledged-fsynced data (a corruption fault is enabled). */
    default boolean corruptsDurableData() {
        return false;
    }

    @Override
    default void close() {
    }
}
