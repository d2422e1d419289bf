package io.gregor.log;

/**
 * The log cannot serve the request because its storage failed: a disk error, an fsync that failed (after which
 * unsynced data must be presumed lost), or a corrupt batch below the recovery point, which is acknowledged data
 * that must be neither served nor silently dropped. Kafka's {@code KAFKA_STORAGE_ERROR}. See {@link LogHealth}.
 */
public final class LogStorageException extends LogException {

    private static final long serialVersionUID = 1L;

    public LogStorageException(String message) {
        super(message);
    }

    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
