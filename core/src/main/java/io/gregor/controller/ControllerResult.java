package io.gregor.controller;

import java.util.List;
import java.util.Objects;

/**
 * What the controller did with one request: the records it appended to the metadata log and the reply.
 *
 * <p>The reply may be sent only once the log has committed {@code commitOffset} (the offset of the last appended
 * record): until then the change can still be lost in a leader change, and a client that saw it would see it
 * vanish. A request that appended nothing was still judged against the controller's pending state, which may hold
 * uncommitted records (a create refused with TOPIC_ALREADY_EXISTS because of a create not yet committed): its
 * reply waits for the last uncommitted record too, as Kafka's QuorumController does for a write event that
 * produced no records. {@code commitOffset} is -1 only when nothing was pending and the reply can go at once.
 *
 * @param records the appended records, in log order (empty if none)
 * @param response the reply
 * @param commitOffset the offset that must be committed before the reply leaves, or -1 (only with no records)
 */
public record ControllerResult<T>(List<MetadataRecord> records, T response, long commitOffset) {

    public ControllerResult {
        records = List.copyOf(records);
        Objects.requireNonNull(response, "response");
        if (!records.isEmpty() && commitOffset < 0 || commitOffset < -1) {
            throw new IllegalArgumentException("commit offset " + commitOffset + " does not fit " + records.size()
                    + " records");
        }
    }

    /** A reply that changed nothing. */
    static <T> ControllerResult<T> of(T response) {
        return new ControllerResult<>(List.of(), response, -1);
    }
}
