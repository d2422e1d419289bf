package io.gregor.log;

/**
 * {@link Log#appendAsLeader} met an idempotent producer's batch it must not append: a duplicate or a refusal (see
 * {@link AppendError}). Callers that handle producers use {@link Log#tryAppendAsLeader}, which returns the same
 * outcome as a value.
 */
public final class ProducerSequenceException extends LogException {

    private static final long serialVersionUID = 1L;

    private final transient LeaderAppendResult result;

    ProducerSequenceException(LeaderAppendResult result) {
        super(result.error() + ": " + result.message());
        this.result = result;
    }

    public AppendError error() {
        return result.error();
    }

    /** The outcome, with the original offsets for a duplicate. */
    public LeaderAppendResult result() {
        return result;
    }
}
