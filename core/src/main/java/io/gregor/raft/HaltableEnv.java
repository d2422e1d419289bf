package io.gregor.raft;

import io.gregor.env.Disk;
import io.gregor.env.Env;
import io.gregor.env.Network;
import io.gregor.env.Timers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * An {@link Env} that goes silent once its node has halted: no message leaves, no timer fires and no fsync
 * completion is delivered. A replica that cannot trust its storage must not act (Kafka halts the process); between
 * the decision and the process actually dying — the simulator crashes it a moment later — nothing it still had
 * scheduled may speak for it. Timer and fsync callbacks run inside {@code guard}, which turns a storage failure
 * they meet into the halt.
 */
final class HaltableEnv {

    private HaltableEnv() {
    }

    static Env wrap(Env env, BooleanSupplier halted, Consumer<Runnable> guard) {
        Timers timers = new Timers() {
            @Override
            public long schedule(long delayNs, Runnable onTimer) {
                return env.timers().schedule(delayNs, () -> {
                    if (!halted.getAsBoolean()) {
                        guard.accept(onTimer);
                    }
                });
            }

            @Override
            public void cancel(long timerId) {
                env.timers().cancel(timerId);
            }
        };
        Network network = (toNodeId, message) -> {
            if (!halted.getAsBoolean()) {
                env.network().send(toNodeId, message);
            }
        };
        return new Env(env.nodeId(), env.clock(), timers, network, new SilencedDisk(env.disk(), halted, guard),
                env.entropy(), env.trace());
    }

    /** Delegates everything; fsync completions are dropped once halted. */
    private static final class SilencedDisk implements Disk {
        private final Disk disk;
        private final BooleanSupplier halted;
        private final Consumer<Runnable> guard;

        SilencedDisk(Disk disk, BooleanSupplier halted, Consumer<Runnable> guard) {
            this.disk = disk;
            this.halted = halted;
            this.guard = guard;
        }

        @Override
        public List<String> list() {
            return disk.list();
        }

        @Override
        public boolean exists(String name) {
            return disk.exists(name);
        }

        @Override
        public long size(String name) {
            return disk.size(name);
        }

        @Override
        public void write(String name, long position, ByteBuffer src) {
            disk.write(name, position, src);
        }

        @Override
        public long append(String name, ByteBuffer src) {
            return disk.append(name, src);
        }

        @Override
        public int read(String name, long position, ByteBuffer dst) {
            return disk.read(name, position, dst);
        }

        @Override
        public void truncate(String name, long sizeBytes) {
            disk.truncate(name, sizeBytes);
        }

        @Override
        public void rename(String from, String to) {
            disk.rename(from, to);
        }

        @Override
        public void delete(String name) {
            disk.delete(name);
        }

        @Override
        public void fsync(String name, FsyncCallback done) {
            disk.fsync(name, error -> {
                if (!halted.getAsBoolean()) {
                    guard.accept(() -> done.done(error));
                }
            });
        }
    }
}
