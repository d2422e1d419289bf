package io.gregor.histories;

/**
 * An invocation and its completion: one operation of a history.
 *
 * <p>For the nemesis, Jepsen writes both halves as {@code info}; the first is then the "invocation" here.
 *
 * @param invokePosition position of the invocation in the history
 * @param completionPosition position of the completion, or -1 when the history ended first (outcome unknown)
 * @param invoke the invocation
 * @param completion the completion, or null when the history ended first
 */
public record OpPair(int invokePosition, int completionPosition, Op invoke, Op completion) {

    /** The outcome: ok, fail or info; info too when the history ended before the completion. */
    public Op.Type outcome() {
        return completion == null ? Op.Type.INFO : completion.type();
    }

    /** The completion, or the invocation when there is none (the best description of what happened). */
    public Op last() {
        return completion == null ? invoke : completion;
    }

    /** The invocation's time; the completion's time, or {@code endNs} when the history ended first. */
    public long endNs(long historyEndNs) {
        return completion == null ? historyEndNs : completion.timeNs();
    }
}
