package io.gregor.log;

import io.gregor.env.testing.DiskHarness;
import io.gregor.realnet.disk.FileDiskHarness;

/**
 * The log property over real files. A crash here is a process crash, which keeps the page cache, so this run
 * checks the log's own bookkeeping over a real file system (names, sizes, renames, real fsync completions on
 * another thread) rather than torn writes, which the simulator covers.
 */
class FileDiskLogPropertyTest extends LogPropertyTest {

    @Override
    protected DiskHarness newHarness(long seed) {
        return FileDiskHarness.inTempFolder();
    }

    @Override
    protected int tries() {
        return 30;
    }
}
