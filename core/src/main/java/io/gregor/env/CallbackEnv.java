package io.gregor.env;

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
    private static final class WrappedDisk extends ForwardingDisk {
        private final Consumer<Runnable> around;

        WrappedDisk(Disk disk, Consumer<Runnable> around) {
            super(disk);
            this.around = around;
        }

        @Override
        public void fsync(String name, FsyncCallback done) {
            super.fsync(name, error -> around.accept(() -> done.done(error)));
        }
    }
}
