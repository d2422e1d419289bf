package io.gregor.log;

/**
 * The batch is intact (its CRC matches) but breaks a rule of the format or of the log: a magic other than 2, a
 * compression codec Gregor does not support, records whose offset deltas are not 0, 1, 2..., a leader epoch older
 * than the log's latest. Kafka's {@code INVALID_RECORD} / {@code UNSUPPORTED_COMPRESSION_TYPE}.
 */
public final class InvalidRecordException extends LogException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
