package io.gregor.log;

/**
 * What an append did.
 *
 * @param firstOffset offset of the first record appended
 * @param lastOffset offset of the last record appended
 * @param maxTimestamp the largest batch max timestamp appended
 * @param batchCount how many batches
 * @param sizeInBytes how many bytes were written to the log
 * @param logAppendTimeMs the log's clock stamped into {@link TimestampType#LOG_APPEND_TIME} batches, or
 *     {@link RecordBatch#NO_TIMESTAMP} if none was
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, int batchCount, int sizeInBytes,
        long logAppendTimeMs) {
}
