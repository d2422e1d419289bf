package io.gregor.client;

import java.util.List;

/**
 * A producer's settings, named as Kafka's producer configs (in camel case). Defaults are Kafka 4.0's.
 *
 * @param bootstrapBrokerIds brokers to ask for metadata and producer ids before any metadata has arrived
 * @param acks 0, 1 or -1 (all); idempotence requires -1 (as in Kafka)
 * @param enableIdempotence producer id, epoch and sequence numbers on every batch (KIP-98); off for experiments
 *     that show the duplicates retries cause without it
 * @param lingerMs how long a batch waits for more records before it is sent
 * @param batchSizeBytes the largest batch the accumulator builds (a bigger single record gets its own batch)
 * @param maxInFlightRequestsPerPartition batches sent and not yet answered, per partition (at most 5 with
 *     idempotence: the broker remembers the last five batches of a producer)
 * @param requestTimeoutMs how long to wait for an answer before the attempt is treated as lost
 * @param deliveryTimeoutMs from {@code send} to the callback, retries included; at least linger + request timeout
 * @param retryBackoffMs the pause before a retry, and between metadata requests
 * @param bufferMemoryBytes the bytes of records the accumulator holds; a send beyond it fails at once
 */
public record ProducerConfig(List<Integer> bootstrapBrokerIds, short acks, boolean enableIdempotence, long lingerMs,
        int batchSizeBytes, int maxInFlightRequestsPerPartition, long requestTimeoutMs, long deliveryTimeoutMs,
        long retryBackoffMs, long bufferMemoryBytes) {

    /** Kafka's bound for idempotent producers: brokers keep the metadata of a producer's last five batches. */
    public static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    public ProducerConfig {
        bootstrapBrokerIds = List.copyOf(bootstrapBrokerIds);
        if (bootstrapBrokerIds.isEmpty()) {
            throw new IllegalArgumentException("a producer needs at least one bootstrap broker id");
        }
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new IllegalArgumentException("acks must be 0, 1 or -1 (all): " + acks);
        }
        if (enableIdempotence && acks != -1) {
            throw new IllegalArgumentException("enableIdempotence requires acks=-1 (all), not " + acks);
        }
        if (enableIdempotence && maxInFlightRequestsPerPartition > MAX_IDEMPOTENT_IN_FLIGHT) {
            throw new IllegalArgumentException("enableIdempotence allows at most " + MAX_IDEMPOTENT_IN_FLIGHT
                    + " in-flight requests per partition, not " + maxInFlightRequestsPerPartition);
        }
        if (maxInFlightRequestsPerPartition < 1) {
            throw new IllegalArgumentException("maxInFlightRequestsPerPartition must be at least 1");
        }
        if (lingerMs < 0 || requestTimeoutMs < 1 || retryBackoffMs < 0 || batchSizeBytes < 1
                || bufferMemoryBytes < batchSizeBytes) {
            throw new IllegalArgumentException("lingerMs >= 0, requestTimeoutMs >= 1, retryBackoffMs >= 0, "
                    + "batchSizeBytes >= 1 and bufferMemoryBytes >= batchSizeBytes are required");
        }
        if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
            throw new IllegalArgumentException("deliveryTimeoutMs " + deliveryTimeoutMs
                    + " must be at least lingerMs + requestTimeoutMs (" + (lingerMs + requestTimeoutMs) + ")");
        }
    }

    /** Kafka's defaults: acks=all, idempotent, linger 5 ms, 16 KiB batches, 5 in flight, 30 s / 120 s timeouts. */
    public static ProducerConfig defaults(List<Integer> bootstrapBrokerIds) {
        return new ProducerConfig(bootstrapBrokerIds, (short) -1, true, 5, 16_384, MAX_IDEMPOTENT_IN_FLIGHT,
                30_000, 120_000, 100, 32L * 1024 * 1024);
    }

    public ProducerConfig withAcks(int newAcks) {
        return new ProducerConfig(bootstrapBrokerIds, (short) newAcks, enableIdempotence && newAcks == -1, lingerMs,
                batchSizeBytes, maxInFlightRequestsPerPartition, requestTimeoutMs, deliveryTimeoutMs, retryBackoffMs,
                bufferMemoryBytes);
    }

    public ProducerConfig withIdempotence(boolean enable) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enable, lingerMs, batchSizeBytes,
                maxInFlightRequestsPerPartition, requestTimeoutMs, deliveryTimeoutMs, retryBackoffMs,
                bufferMemoryBytes);
    }

    public ProducerConfig withLingerMs(long ms) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enableIdempotence, ms, batchSizeBytes,
                maxInFlightRequestsPerPartition, requestTimeoutMs, deliveryTimeoutMs, retryBackoffMs,
                bufferMemoryBytes);
    }

    public ProducerConfig withBatchSizeBytes(int bytes) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enableIdempotence, lingerMs, bytes,
                maxInFlightRequestsPerPartition, requestTimeoutMs, deliveryTimeoutMs, retryBackoffMs,
                Math.max(bufferMemoryBytes, bytes));
    }

    /** Sets the request and delivery timeouts together (the delivery timeout must cover linger + request). */
    public ProducerConfig withTimeoutsMs(long requestMs, long deliveryMs) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enableIdempotence, lingerMs, batchSizeBytes,
                maxInFlightRequestsPerPartition, requestMs, deliveryMs, retryBackoffMs, bufferMemoryBytes);
    }

    public ProducerConfig withRetryBackoffMs(long ms) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enableIdempotence, lingerMs, batchSizeBytes,
                maxInFlightRequestsPerPartition, requestTimeoutMs, deliveryTimeoutMs, ms, bufferMemoryBytes);
    }

    public ProducerConfig withMaxInFlightRequestsPerPartition(int max) {
        return new ProducerConfig(bootstrapBrokerIds, acks, enableIdempotence, lingerMs, batchSizeBytes, max,
                requestTimeoutMs, deliveryTimeoutMs, retryBackoffMs, bufferMemoryBytes);
    }
}
