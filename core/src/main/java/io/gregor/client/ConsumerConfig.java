package io.gregor.client;

import java.util.List;

/**
 * An assign-mode consumer's settings, named after Kafka's consumer configs.
 *
 * @param bootstrapBrokerIds brokers to ask for metadata before any metadata has arrived
 * @param maxPartitionFetchBytes the soft limit of one fetch (Kafka's {@code max.partition.fetch.bytes})
 * @param requestTimeoutMs how long to wait for an answer before the request is treated as lost
 * @param retryBackoffMs the pause before retrying after an error, and between metadata requests
 * @param emptyFetchBackoffMs the pause after a fetch that returned nothing: Gregor's brokers answer at once
 *     instead of holding the fetch for {@code fetch.max.wait.ms}, so the client waits instead
 * @param maxBufferedRecords records fetched and not yet polled; fetching pauses above it
 */
public record ConsumerConfig(List<Integer> bootstrapBrokerIds, int maxPartitionFetchBytes, long requestTimeoutMs,
        long retryBackoffMs, long emptyFetchBackoffMs, int maxBufferedRecords) {

    public ConsumerConfig {
        bootstrapBrokerIds = List.copyOf(bootstrapBrokerIds);
        if (bootstrapBrokerIds.isEmpty()) {
            throw new IllegalArgumentException("a consumer needs at least one bootstrap broker id");
        }
        if (maxPartitionFetchBytes < 1 || requestTimeoutMs < 1 || retryBackoffMs < 0 || emptyFetchBackoffMs < 0
                || maxBufferedRecords < 1) {
            throw new IllegalArgumentException("maxPartitionFetchBytes >= 1, requestTimeoutMs >= 1, "
                    + "retryBackoffMs >= 0, emptyFetchBackoffMs >= 0 and maxBufferedRecords >= 1 are required");
        }
    }

    /** Kafka's defaults (1 MiB per partition fetch, 30 s request timeout, 100 ms backoff), 1000 buffered records. */
    public static ConsumerConfig defaults(List<Integer> bootstrapBrokerIds) {
        return new ConsumerConfig(bootstrapBrokerIds, 1024 * 1024, 30_000, 100, 50, 1000);
    }

    public ConsumerConfig withRequestTimeoutMs(long ms) {
        return new ConsumerConfig(bootstrapBrokerIds, maxPartitionFetchBytes, ms, retryBackoffMs,
                emptyFetchBackoffMs, maxBufferedRecords);
    }

    public ConsumerConfig withMaxPartitionFetchBytes(int bytes) {
        return new ConsumerConfig(bootstrapBrokerIds, bytes, requestTimeoutMs, retryBackoffMs, emptyFetchBackoffMs,
                maxBufferedRecords);
    }
}
