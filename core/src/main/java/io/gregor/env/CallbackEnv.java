package io.gregor.env;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link Env} whose asynchronous callbacks — timers firing and fsyncs completing — run inside a wrapper the node
 * chooses: a hook after each (a controller noticing that raft changed role in its own timer), a guard that turns a
 * storage failure into a halt, or a gate that drops them once the node halted. Messages arrive through
 * {@link Node#onMessage}, which the node wraps itself; everything else is passed through unchanged.
 */
public final class CallbackEnv {

    private CallbackEnv() {
    }

    /** {@code env} with every timer and fsync callback run as {@code around.accept(callback)}. */
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
        return new Env(env.nodeId(), env.clock(), timers, env.network(), new WrappedDisk(env.disk(), around),
                env.entropy(), env.trace());
    }

    /** Delegates everything; fsync completions run inside the wrapper. */
    private static final class WrappedDisk implements Disk {
        private final Disk disk;
        private final Consumer<Runnable> around;

        WrappedDisk(Disk disk, Consumer<Runnable> around) {
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
