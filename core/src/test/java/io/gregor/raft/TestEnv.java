package io.gregor.raft;

import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import io.gregor.env.Entropy;
import io.gregor.env.Env;
import io.gregor.env.Network;
import io.gregor.env.Timers;
import io.gregor.env.Trace;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-driven environment for one raft node: a memory disk whose fsyncs complete when {@link #completeFsyncs()}
 * says and whose {@link #crash()} keeps only fsynced bytes, timers fired by {@link #advance(long)}, and a network
 * that records what is sent.
 */
final class TestEnv {

    record Sent(int to, Object message) {
    }

    final MemoryDisk disk = new MemoryDisk();
    final List<Sent> sent = new ArrayList<>();
    final List<String> traceLines = new ArrayList<>();
    private final TreeMap<Long, Runnable> timers = new TreeMap<>();
    private long nowNs = 1_000_000_000L;
    private long nextTimerSeq;

    Env env(int nodeId) {
        Clock clock = new Clock() {
            @Override
            public long nanoTime() {
                return nowNs;
            }

            @Override
            public long wallMillis() {
                return 1_700_000_000_000L + nowNs / 1_000_000L;
            }
        };
        Timers t = new Timers() {
            @Override
            public long schedule(long delayNs, Runnable onTimer) {
                long id = ++nextTimerSeq;
                // key: deadline in the high bits is overkill here; order by (deadline, id) via a composite
                timers.put((nowNs + delayNs) * 1024 + id, onTimer);
                ids.put(id, (nowNs + delayNs) * 1024 + id);
                return id;
            }

            @Override
            public void cancel(long timerId) {
                Long key = ids.remove(timerId);
                if (key != null) {
                    timers.remove(key);
                }
            }
        };
        Network network = (to, message) -> sent.add(new Sent(to, message));
        Entropy entropy = new Entropy() {
            private long state = 42;

            @Override
            public long nextLong() {
                state = state * 6364136223846793005L + 1442695040888963407L;
                return state ^ (state >>> 29);
            }

            @Override
            public int nextInt(int bound) {
                return (int) ((nextLong() >>> 1) % bound);
            }

            @Override
            public double nextDouble() {
                return (nextLong() >>> 11) * 0x1.0p-53;
            }

            @Override
            public Entropy fork(String purpose) {
                return this;
            }
        };
        Trace trace = (category, text) -> traceLines.add(category + " " + text);
        return new Env(nodeId, clock, t, network, disk, entropy, trace);
    }

    private final Map<Long, Long> ids = new TreeMap<>();

    long nowNs() {
        return nowNs;
    }

    /** Moves time forward, firing due timers in order (and completing fsyncs between them). */
    void advance(long durationNs) {
        long end = nowNs + durationNs;
        completeFsyncs();
        while (!timers.isEmpty() && timers.firstKey() / 1024 <= end) {
            Map.Entry<Long, Runnable> e = timers.pollFirstEntry();
            ids.values().remove(e.getKey());
            nowNs = Math.max(nowNs, e.getKey() / 1024);
            e.getValue().run();
            completeFsyncs();
        }
        nowNs = end;
    }

    void completeFsyncs() {
        disk.completeAll();
    }

    /** Messages sent so far of a type, then forgets all sent messages. */
    <T> List<T> drain(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) {
            if (type.isInstance(s.message())) {
                out.add(type.cast(s.message()));
            }
        }
        sent.clear();
        return out;
    }

    /** Page cache over durable bytes; fsync completions wait in a queue. */
    static final class MemoryDisk implements Disk {
        private final TreeMap<String, byte[]> cache = new TreeMap<>();
        private final TreeMap<String, byte[]> durable = new TreeMap<>();
        private final ArrayDeque<Runnable> pendingFsyncs = new ArrayDeque<>();

        void completeAll() {
            while (!pendingFsyncs.isEmpty()) {
                pendingFsyncs.poll().run();
            }
        }

        /** Unsynced writes are lost; pending fsyncs never complete. */
        void crash() {
            pendingFsyncs.clear();
            cache.clear();
            for (Map.Entry<String, byte[]> e : durable.entrySet()) {
                cache.put(e.getKey(), e.getValue().clone());
            }
        }

        @Override
        public List<String> list() {
            return new ArrayList<>(cache.keySet());
        }

        @Override
        public boolean exists(String name) {
            return cache.containsKey(name);
        }

        @Override
        public long size(String name) {
            return file(name).length;
        }

        private byte[] file(String name) {
            byte[] b = cache.get(name);
            if (b == null) {
                throw new DiskException("no such file " + name);
            }
            return b;
        }

        @Override
        public void write(String name, long position, ByteBuffer src) {
            byte[] old = cache.getOrDefault(name, new byte[0]);
            int end = (int) position + src.remaining();
            byte[] b = Arrays.copyOf(old, Math.max(old.length, end));
            src.get(b, (int) position, src.remaining());
            cache.put(name, b);
        }

        @Override
        public int read(String name, long position, ByteBuffer dst) {
            byte[] b = file(name);
            if (position >= b.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), b.length - (int) position);
            dst.put(b, (int) position, n);
            return n;
        }

        @Override
        public void truncate(String name, long sizeBytes) {
            byte[] b = file(name);
            if (sizeBytes < b.length) {
                cache.put(name, Arrays.copyOf(b, (int) sizeBytes));
            }
        }

        @Override
        public void rename(String from, String to) {
            byte[] b = file(from);
            cache.remove(from);
            cache.put(to, b);
            byte[] d = durable.remove(from);
            if (d != null) {
                durable.put(to, d);
            } else {
                durable.remove(to);
            }
        }

        @Override
        public void delete(String name) {
            cache.remove(name);
            durable.remove(name);
        }

        @Override
        public void fsync(String name, FsyncCallback done) {
            byte[] snapshot = cache.containsKey(name) ? cache.get(name).clone() : null;
            pendingFsyncs.add(() -> {
                if (snapshot != null) {
                    durable.put(name, snapshot);
                }
                done.done(null);
            });
        }
    }
}
