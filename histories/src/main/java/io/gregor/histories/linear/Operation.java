package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.Objects;

/**
 * One operation of a history: an invocation paired with its completion (see {@link Pairing}).
 *
 * <p>Real-time order comes from positions in the history, not from timestamps: operation A precedes B when A's
 * completion comes before B's invocation in the history. An operation whose outcome is unknown ({@code info},
 * or no completion before the history ends) has {@link #returnPosition()} {@link #INFINITY}: it overlaps every
 * later operation and may or may not have taken effect.
 *
 * @param process the process that ran it
 * @param f the function ({@code read}, {@code write}, {@code cas}, {@code send}, ...)
 * @param input the value at invocation
 * @param outcome {@link Op.Type#OK}, {@link Op.Type#FAIL} or {@link Op.Type#INFO} (also for a missing completion)
 * @param output the value at completion ({@code null} when there was no completion)
 * @param invocation the invoke event
 * @param completion the completion event, or {@code null} if the history ended first
 * @param callPosition the invocation's position in the history
 * @param returnPosition the completion's position in the history, or {@link #INFINITY} when the outcome is unknown
 */
public record Operation(Object process, String f, Object input, Op.Type outcome, Object output, Op invocation,
        Op completion, long callPosition, long returnPosition) {

    /** The return position of an operation whose outcome is unknown. */
    public static final long INFINITY = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(invocation, "invocation");
        if (outcome == Op.Type.INVOKE) {
            throw new IllegalArgumentException("an operation's outcome is ok, fail or info, not invoke");
        }
        if (returnPosition <= callPosition) {
            throw new IllegalArgumentException("operation returns at " + returnPosition + ", not after its call at "
                    + callPosition);
        }
        if ((outcome == Op.Type.INFO) != (returnPosition == INFINITY)) {
            throw new IllegalArgumentException("exactly the info operations return at infinity");
        }
    }

    /** True if the outcome is unknown: it may or may not have taken effect. */
    public boolean isIndeterminate() {
        return outcome == Op.Type.INFO;
    }

    /** A short human description, e.g. {@code p3 cas [1 2] -> fail} or {@code p0 read -> 4}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append('p').append(process).append(' ').append(f);
        if (input != null) {
            out.append(' ').append(input);
        }
        out.append(" -> ").append(outcome.jepsenName());
        if (outcome == Op.Type.OK && output != null && !output.equals(input)) {
            out.append(' ').append(output);
        }
        out.append(" (index ").append(invocation.index());
        if (completion != null) {
            out.append('-').append(completion.index());
        }
        return out.append(')').toString();
    }
}
