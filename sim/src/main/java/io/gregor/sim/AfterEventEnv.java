package io.gregor.sim;

import io.gregor.env.Disk;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link Env} whose timer and fsync callbacks run a hook after themselves. A controller node hands
 * it to its raft node: raft changes role inside its own timers (check-quorum, elections) and fsync completions
 * (the high watermark), and the controller must notice — resign or activate — in that same event.
 */
public final class AfterEventEnv {

    private AfterEventEnv() {
    }

    public static Env wrap(Env env, Runnable afterEvent) {
        return around(env, callback -> {
            callback.run();
            afterEvent.run();
        });
    }

    /**
     * An Env whose timer and fsync callbacks run inside {@code around} (which runs the callback, and whatever else
     * the node wants around it: a hook after it, a guard that turns a storage failure into a halt).
     */
    public static Env around(Env env, Consumer<Runnable> around) {
        Timers timers = new Timers() {
            @Override
            public long schedule(long delayNs, Runnable onTimer) {
                return env.timers().schedule(delayNs, () -> around.accept(onTimer));
            }

            @Override
            public void cancel(long timerId) {
                env.timers().cancel(timerId);
            }
        };
        return new Env(env.nodeId(), env.clock(), timers, env.network(), new HookedDisk(env.disk(), around),
                env.entropy(), env.trace());
    }

    /** Delegates everything; only fsync completions gain the hook. */
    private static final class HookedDisk implements Disk {
        private final Disk disk;
        private final Consumer<Runnable> around;

        HookedDisk(Disk disk, Consumer<Runnable> around) {
            this.disk = disk;
            this.around = around;
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
            disk.fsync(name, error -> around.accept(() -> done.done(error)));
        }
    }
}
