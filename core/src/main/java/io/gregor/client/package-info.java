/**
 * A deterministic model of Kafka's clients, used by simulated workloads: an idempotent {@link
 * io.gregor.client.Producer} (Kafka's KafkaProducer, RecordAccumulator and Sender in one event handler) and an
 * assign-mode {@link io.gregor.client.Consumer} that validates its position after a leader change (KIP-320).
 *
 * <h2>How a host node uses them</h2>
 * A client is not a {@link io.gregor.env.Node} of its own: several instances (Jepsen's "processes") share one
 * simulated node. Each instance gets a {@code clientIndex} and numbers its requests {@code (clientIndex << 40) |
 * counter} ({@link io.gregor.client.ClientRequestIds}), so the host routes a broker's reply with {@link
 * io.gregor.client.ClientRequestIds#clientIndexOf(long)}. Each instance is started with the host's {@link
 * io.gregor.env.Env}, arms its own timers on it, and sends {@link io.gregor.broker.BrokerMessage}s to broker ids.
 *
 * <h2>What a write's outcome means</h2>
 * {@link io.gregor.client.SendResult} says what a history checker needs: {@code Acked} (Jepsen {@code :ok}),
 * {@code Failed} (definitely not written: {@code :fail}) or {@code Indeterminate} (may or may not be in the log:
 * {@code :info}). A failure is definite only when the batch was never sent, or the broker refused its bytes for
 * good (an invalid record, a fenced producer epoch) and no attempt may have been appended.
 *
 * <h2>Determinism</h2>
 * No wall clock, no threads; ordered maps only; randomness only from the env's entropy.
 */
package io.gregor.client;
