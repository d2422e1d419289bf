package io.gregor.client;

import io.gregor.replication.ReplicationErrors;
import java.util.Objects;

/**
 * The outcome of one {@link Producer#send} as a history checker needs it. Jepsen records {@link Acked} as
 * {@code :ok}, {@link Failed} as {@code :fail} and {@link Indeterminate} as {@code :info}; mistaking an
 * indeterminate write for a failed one makes the checker report a phantom "failed write that was read".
 */
public sealed interface SendResult {

    /** The leader acknowledged the write (with the producer's acks) at {@code offset}. */
    record Acked(long offset) implements SendResult {
    }

    /**
     * The write definitely did not happen: every attempt was refused before the append (or none was sent).
     *
     * @param error the broker's refusal, or {@code null} when the client gave up on its own (e.g. never sent)
     */
    record Failed(ReplicationErrors error, String reason) implements SendResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The client gave up without knowing: the write may or may not be in the log (now or later). */
    record Indeterminate(String reason) implements SendResult {
        public Indeterminate {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Called once per send, on the node's event loop. */
    @FunctionalInterface
    interface Callback {
        void onCompletion(SendResult result);
    }
}
