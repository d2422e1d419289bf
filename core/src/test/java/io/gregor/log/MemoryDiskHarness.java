package io.gregor.log;

import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import io.gregor.env.testing.DiskHarness;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A small in-memory {@link DiskHarness} so the log's disk tests run in core without the simulator. It models what
 * the log relies on and no more: writes and truncations go to a page cache and become durable only when an fsync
 * issued after them completes; creation, rename and delete are durable at once; a crash keeps the durable bytes
 * plus, with {@code tearOnCrash}, a seeded random prefix of each file's unsynced operations, the last write torn.
 */
public final class MemoryDiskHarness implements DiskHarness {

    /** One unsynced operation on a file. */
    private record Op(long seq, long position, byte[] bytes, long truncateTo) {
        boolean isTruncate() {
            return bytes == null;
        }
    }

    private static final class FileState {
        byte[] cache = new byte[0];
        byte[] durable = new byte[0];
        final List<Op> pending = new ArrayList<>();
    }

    private final TreeMap<String, FileState> files = new TreeMap<>();
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private final SplittableRandom random;
    private final boolean tearOnCrash;
    private final ManualClock clock = new ManualClock(1_000_000L);
    private long nextSeq;
    private int incarnation;
    private MemoryDisk disk = new MemoryDisk(0);

    public MemoryDiskHarness(long seed, boolean tearOnCrash) {
        this.random = new SplittableRandom(seed);
        this.tearOnCrash = tearOnCrash;
    }

    @Override
    public Disk disk() {
        return disk;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void runUntilIdle() {
        while (!completions.isEmpty()) {
            completions.pollFirst().run();
        }
    }

    @Override
    public void crash() {
        completions.clear();
        for (FileState f : files.values()) {
            byte[] content = f.durable;
            if (tearOnCrash && !f.pending.isEmpty()) {
                int keep = random.nextInt(f.pending.size() + 1);
                for (int i = 0; i < keep; i++) {
                    Op op = f.pending.get(i);
                    if (op.isTruncate()) {
                        content = Arrays.copyOf(content, (int) Math.min(content.length, op.truncateTo()));
                    } else {
                        boolean torn = i == keep - 1 && random.nextBoolean();
                        int length = torn ? random.nextInt(op.bytes().length + 1) : op.bytes().length;
                        content = writeAt(content, op.position(), op.bytes(), length);
                    }
                }
            }
            f.cache = content;
            f.durable = content;
            f.pending.clear();
        }
        incarnation++;
        disk = new MemoryDisk(incarnation);
    }

    /** Flips one byte of a file's durable and cached content (a corruption fault injected by a test). */
    void corrupt(String name, long position) {
        FileState f = files.get(name);
        f.durable[(int) position] ^= 0x5a;
        f.cache[(int) position] ^= 0x5a;
    }

    private static byte[] writeAt(byte[] content, long position, byte[] bytes, int length) {
        int end = (int) position + length;
        byte[] out = end > content.length ? Arrays.copyOf(content, end) : content.clone();
        System.arraycopy(bytes, 0, out, (int) position, length);
        return out;
    }

    private final class MemoryDisk implements Disk {
        private final int myIncarnation;

        MemoryDisk(int incarnation) {
            this.myIncarnation = incarnation;
        }

        private void checkAlive() {
            if (myIncarnation != incarnation) {
                throw new IllegalStateException("disk view of a crashed incarnation used");
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
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            f.cache = writeAt(f.cache, position, bytes, bytes.length);
            f.pending.add(new Op(nextSeq++, position, bytes, -1));
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
                f.pending.add(new Op(nextSeq++, 0, null, sizeBytes));
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
            long upTo = nextSeq;
            completions.add(() -> {
                if (files.get(name) == f) {
                    f.durable = snapshot;
                    f.pending.removeIf(op -> op.seq() < upTo);
                }
                done.done(null);
            });
        }
    }
}
