package io.gregor.log;

/**
 * The bytes are not a whole, intact batch: the CRC does not match, a length field points past the data, or the
 * batch is cut short. Kafka's {@code CORRUPT_MESSAGE}. On append it means the sender's bytes were damaged; during
 * recovery it marks where a torn write begins.
 */
public final class CorruptRecordException extends LogException {

    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }
}
