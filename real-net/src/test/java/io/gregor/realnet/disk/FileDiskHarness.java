package io.gregor.realnet.disk;

import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.testing.DiskHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real file disk for contract tests: real files in a temporary folder. The test thread plays the event loop;
 * completions are queued and run by {@link #runUntilIdle()}. {@link #crash()} closes the disk, dropping queued
 * completions, and reopens the folder: a process crash, which keeps everything the kernel had (a power loss is
 * the simulator's job).
 */
public final class FileDiskHarness implements DiskHarness {

    private final Path folder;
    private final LinkedBlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
    private FileDisk disk;

    public FileDiskHarness(Path folder) {
        this.folder = folder;
        this.disk = open();
    }

    public static FileDiskHarness inTempFolder() {
        try {
            return new FileDiskHarness(Files.createTempDirectory("gregor-disk-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileDisk open() {
        return new FileDisk(folder, loop::add);
    }

    @Override
    public Disk disk() {
        return disk;
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long wallMillis() {
                return System.currentTimeMillis();
            }
        };
    }

    @Override
    public void runUntilIdle() {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs) {
            Runnable task = loop.poll();
            if (task != null) {
                task.run();
            } else if (disk.inFlightFsyncs() == 0 && loop.isEmpty()) {
                return;
            } else {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("fsync completions still pending after 30 s");
    }

    @Override
    public void crash() {
        disk.close();
        loop.clear();
        disk = open();
    }

    @Override
    public void close() {
        disk.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
