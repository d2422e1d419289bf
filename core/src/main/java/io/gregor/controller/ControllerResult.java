package io.gregor.controller;

import java.util.List;
import java.util.Objects;

/**
 * What the controller did with one request: the records it appended to the metadata log and the reply.
 *
 * <p>The reply may be sent only once the log has committed {@code commitOffset} (the offset of the last appended
 * record): until then the change can still be lost in a leader change, and a client that saw it would see it
 * vanish. {@code commitOffset} is -1 when nothing was appended and the reply can go at once.
 *
 * @param records the appended records, in log order (empty if none)
 * @param response the reply
 * @param commitOffset the offset that must be committed before the reply leaves, or -1
 */
public record ControllerResult<T>(List<MetadataRecord> records, T response, long commitOffset) {

    public ControllerResult {
        records = List.copyOf(records);
        Objects.requireNonNull(response, "response");
        if (records.isEmpty() != (commitOffset == -1)) {
            throw new IllegalArgumentException("commit offset " + commitOffset + " does not fit " + records.size()
                    + " records");
        }
    }

    /** A reply that changed nothing. */
    static <T> ControllerResult<T> of(T response) {
        return new ControllerResult<>(List.of(), response, -1);
    }
}
