package io.gregor.log;

/**
 * Why the log refused a request. Each subclass is one of Kafka's error codes, so the broker can map it to the wire
 * one-to-one; the message is one line that says what was wrong and with which numbers.
 */
public abstract sealed class LogException extends RuntimeException
        permits CorruptRecordException, InvalidRecordException, RecordBatchTooLargeException,
        OffsetOutOfRangeException, UnexpectedAppendOffsetException, LogStorageException,
        ProducerSequenceException {

    private static final long serialVersionUID = 1L;

    LogException(String message) {
        super(message);
    }

    LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
