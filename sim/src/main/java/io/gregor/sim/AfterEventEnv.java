package io.gregor.sim;

import io.gregor.env.CallbackEnv;
import io.gregor.env.Env;

/**
 * An {@link Env} whose timer and fsync callbacks run a hook after themselves. A controller node hands it to its
 * raft node: raft changes role inside its own timers (check-quorum, elections) and fsync completions (the high
 * watermark), and the controller must notice — resign or activate — in that same event.
 */
public final class AfterEventEnv {

    private AfterEventEnv() {
    }

    public static Env wrap(Env env, Runnable afterEvent) {
        return CallbackEnv.around(env, callback -> {
            callback.run();
            afterEvent.run();
        });
    }
}
