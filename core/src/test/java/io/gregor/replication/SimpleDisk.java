package io.gregor.replication;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * One broker's disk for replication tests (the simulator's disk lives in sim/, which core cannot use): writes and
 * truncations go to a page cache, an fsync copies the cache to the durable bytes when its completion is delivered,
 * creation, rename and delete are durable at once, and {@link #crash()} keeps the durable bytes only.
 */
final class SimpleDisk {

    private static final class FileState {
        byte[] cache = new byte[0];
        byte[] durable = new byte[0];
    }

    private final TreeMap<String, FileState> files = new TreeMap<>();
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private int incarnation;
    private View view = new View(0);

    /** The disk as the current incarnation of the broker sees it. */
    Disk disk() {
        return view;
    }

    /** Delivers every pending fsync completion (and those they cause). */
    void runCompletions() {
        while (!completions.isEmpty()) {
            completions.pollFirst().run();
        }
    }

    /** Loses every unsynced write and every pending completion; the old view stops working. */
    void crash() {
        completions.clear();
        for (FileState f : files.values()) {
            f.cache = f.durable.clone();
        }
        incarnation++;
        view = new View(incarnation);
    }

    private final class View implements Disk {
        private final int myIncarnation;

        View(int incarnation) {
            this.myIncarnation = incarnation;
        }

        private void checkAlive() {
            if (myIncarnation != incarnation) {
                throw new IllegalStateException("disk of a crashed incarnation used");
            }
        }

        private FileState existing(String name) {
            FileState f = files.get(name);
            if (f == null) {
                throw new DiskException("no such file: " + name);
            }
            return f;
        }

        @Override
        public List<String> list() {
            checkAlive();
            return new ArrayList<>(files.keySet());
        }

        @Override
        public boolean exists(String name) {
            checkAlive();
            return files.containsKey(name);
        }

        @Override
        public long size(String name) {
            checkAlive();
            return existing(name).cache.length;
        }

        @Override
        public void write(String name, long position, ByteBuffer src) {
            checkAlive();
            FileState f = files.computeIfAbsent(name, n -> new FileState());
            int end = (int) position + src.remaining();
            if (end > f.cache.length) {
                f.cache = Arrays.copyOf(f.cache, end);
            }
            src.get(f.cache, (int) position, src.remaining());
        }

        @Override
        public int read(String name, long position, ByteBuffer dst) {
            checkAlive();
            FileState f = existing(name);
            if (position >= f.cache.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), f.cache.length - position);
            dst.put(f.cache, (int) position, n);
            return n;
        }

        @Override
        public void truncate(String name, long sizeBytes) {
            checkAlive();
            FileState f = existing(name);
            if (sizeBytes < f.cache.length) {
                f.cache = Arrays.copyOf(f.cache, (int) sizeBytes);
            }
        }

        @Override
        public void rename(String from, String to) {
            checkAlive();
            FileState f = files.remove(from);
            if (f == null) {
                throw new DiskException("no such file: " + from);
            }
            files.put(to, f);
        }

        @Override
        public void delete(String name) {
            checkAlive();
            files.remove(name);
        }

        @Override
        public void fsync(String name, FsyncCallback done) {
            checkAlive();
            FileState f = files.get(name);
            if (f == null) {
                completions.add(() -> done.done(new DiskException("no such file: " + name)));
                return;
            }
            byte[] snapshot = f.cache.clone();
            completions.add(() -> {
                if (files.get(name) == f) {
                    f.durable = snapshot;
                }
                done.done(null);
            });
        }
    }
}
