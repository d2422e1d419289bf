package io.gregor.raft;

import io.gregor.env.CallbackEnv;
import io.gregor.env.Env;
import io.gregor.env.Network;
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
        Env gated = CallbackEnv.around(env, callback -> {
            if (!halted.getAsBoolean()) {
                guard.accept(callback);
            }
        });
        Network network = (toNodeId, message) -> {
            if (!halted.getAsBoolean()) {
                env.network().send(toNodeId, message);
            }
        };
        return new Env(gated.nodeId(), gated.clock(), gated.timers(), network, gated.disk(), gated.entropy(),
                gated.trace());
    }
}
