package io.gregor.log;

/**
 * What {@link Log#tryAppendAsLeader} did: appended ({@link AppendError#NONE}), recognised a retry
 * ({@link AppendError#DUPLICATE_SEQUENCE_NUMBER}, with the offsets the original got), or refused the batch for an
 * idempotent-producer rule. Only {@code NONE} wrote anything.
 *
 * @param error what happened
 * @param appendInfo for {@code NONE}, the append; for a duplicate, the original batch's offsets and max timestamp
 *     (with {@code batchCount} and {@code sizeInBytes} 0: nothing was written); null for a refusal
 * @param message for a refusal or a duplicate, one line naming the producer and the numbers; empty for {@code NONE}
 */
public record LeaderAppendResult(AppendError error, LogAppendInfo appendInfo, String message) {

    public LeaderAppendResult {
        if ((error == AppendError.NONE || error == AppendError.DUPLICATE_SEQUENCE_NUMBER) != (appendInfo != null)) {
            throw new IllegalArgumentException(error + " must " + (appendInfo == null ? "" : "not ")
                    + "carry append info");
        }
    }

    static LeaderAppendResult appended(LogAppendInfo info) {
        return new LeaderAppendResult(AppendError.NONE, info, "");
    }

    /** Whether the batch is in the log now: appended by this call or by the original it repeats. */
    public boolean isInLog() {
        return appendInfo != null;
    }

    public boolean isDuplicate() {
        return error == AppendError.DUPLICATE_SEQUENCE_NUMBER;
    }
}
