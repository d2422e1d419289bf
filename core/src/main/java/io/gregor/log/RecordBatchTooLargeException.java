package io.gregor.log;

/** A batch larger than the log's {@link LogConfig#maxBatchSizeBytes()}. Kafka's {@code RECORD_LIST_TOO_LARGE}. */
public final class RecordBatchTooLargeException extends LogException {

    private static final long serialVersionUID = 1L;

    public RecordBatchTooLargeException(String message) {
        super(message);
    }
}
