package io.gregor.log;

/**
 * One partition log's limits, with Kafka's topic-config meanings and defaults. Every bound is explicit: a batch
 * larger than {@link #maxBatchSizeBytes} is refused, a segment never grows past {@link #segmentBytes}, an index
 * never past {@link #maxIndexSizeBytes}.
 *
 * @param segmentBytes roll to a new segment before one would pass this size ({@code segment.bytes})
 * @param segmentMs roll when the active segment's first batch is this much older than the batch being appended,
 *     or the segment was created this long ago by the log's clock ({@code segment.ms})
 * @param indexIntervalBytes bytes of batches between two sparse index entries ({@code index.interval.bytes})
 * @param maxIndexSizeBytes the offset index's size limit; a full index rolls the segment
 *     ({@code segment.index.bytes})
 * @param retentionBytes delete the oldest segments while the log is larger than this; {@code -1} keeps all
 *     ({@code retention.bytes})
 * @param retentionMs delete segments whose newest record is older than this; {@code -1} keeps all
 *     ({@code retention.ms})
 * @param maxBatchSizeBytes the largest batch an append accepts ({@code max.message.bytes})
 * @param producerIdExpirationMs an idempotent producer that has written nothing for this long (by its newest
 *     batch's timestamp against the log's clock) is forgotten ({@code producer.id.expiration.ms})
 */
public record LogConfig(int segmentBytes, long segmentMs, int indexIntervalBytes, int maxIndexSizeBytes,
        long retentionBytes, long retentionMs, int maxBatchSizeBytes, long producerIdExpirationMs) {

    /** Kafka's {@code producer.id.expiration.ms} default: one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 24L * 60 * 60 * 1000;

    /**
     * Kafka's defaults: 1 GiB segments rolled weekly, an index entry per 4 KiB, 10 MiB indexes, 7 days retention,
     * producer ids forgotten after a day idle.
     */
    public static final LogConfig DEFAULT = new LogConfig(1024 * 1024 * 1024, 7L * 24 * 60 * 60 * 1000, 4096,
            10 * 1024 * 1024, -1L, 7L * 24 * 60 * 60 * 1000, RecordBatchBuilder.DEFAULT_MAX_BATCH_SIZE_BYTES);

    /** Without a producer-id expiration: Kafka's default of one day. */
    public LogConfig(int segmentBytes, long segmentMs, int indexIntervalBytes, int maxIndexSizeBytes,
            long retentionBytes, long retentionMs, int maxBatchSizeBytes) {
        this(segmentBytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, retentionBytes, retentionMs,
                maxBatchSizeBytes, DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    public LogConfig {
        if (segmentBytes < RecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes + " is smaller than one batch header ("
                    + RecordBatch.RECORD_BATCH_OVERHEAD + " bytes)");
        }
        if (segmentMs <= 0) {
            throw new IllegalArgumentException("segmentMs must be positive: " + segmentMs);
        }
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException("indexIntervalBytes must not be negative: " + indexIntervalBytes);
        }
        if (maxIndexSizeBytes < 2 * OffsetIndex.ENTRY_SIZE_BYTES) {
            throw new IllegalArgumentException("maxIndexSizeBytes " + maxIndexSizeBytes + " holds fewer than two "
                    + OffsetIndex.ENTRY_SIZE_BYTES + "-byte entries");
        }
        if (retentionBytes < -1) {
            throw new IllegalArgumentException("retentionBytes must be -1 (unlimited) or >= 0: " + retentionBytes);
        }
        if (retentionMs < -1) {
            throw new IllegalArgumentException("retentionMs must be -1 (unlimited) or >= 0: " + retentionMs);
        }
        if (maxBatchSizeBytes < RecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new IllegalArgumentException("maxBatchSizeBytes " + maxBatchSizeBytes
                    + " is smaller than one batch header (" + RecordBatch.RECORD_BATCH_OVERHEAD + " bytes)");
        }
        if (producerIdExpirationMs <= 0) {
            throw new IllegalArgumentException("producerIdExpirationMs must be positive: " + producerIdExpirationMs);
        }
    }

    /** The largest batch that can be appended: a batch must also fit in one segment. */
    public int effectiveMaxBatchSizeBytes() {
        return Math.min(maxBatchSizeBytes, segmentBytes);
    }

    /** Offset index entries that fit in {@link #maxIndexSizeBytes}. */
    public int maxIndexEntries() {
        return maxIndexSizeBytes / OffsetIndex.ENTRY_SIZE_BYTES;
    }

    public LogConfig withSegmentBytes(int bytes) {
        return new LogConfig(bytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, retentionBytes, retentionMs,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withSegmentMs(long ms) {
        return new LogConfig(segmentBytes, ms, indexIntervalBytes, maxIndexSizeBytes, retentionBytes, retentionMs,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(segmentBytes, segmentMs, bytes, maxIndexSizeBytes, retentionBytes, retentionMs,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withMaxIndexSizeBytes(int bytes) {
        return new LogConfig(segmentBytes, segmentMs, indexIntervalBytes, bytes, retentionBytes, retentionMs,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withRetentionBytes(long bytes) {
        return new LogConfig(segmentBytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, bytes, retentionMs,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withRetentionMs(long ms) {
        return new LogConfig(segmentBytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, retentionBytes, ms,
                maxBatchSizeBytes, producerIdExpirationMs);
    }

    public LogConfig withMaxBatchSizeBytes(int bytes) {
        return new LogConfig(segmentBytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, retentionBytes,
                retentionMs, bytes, producerIdExpirationMs);
    }

    public LogConfig withProducerIdExpirationMs(long ms) {
        return new LogConfig(segmentBytes, segmentMs, indexIntervalBytes, maxIndexSizeBytes, retentionBytes,
                retentionMs, maxBatchSizeBytes, ms);
    }
}
