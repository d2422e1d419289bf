package io.gregor.histories.linear;

import io.gregor.histories.Verdict;

/**
 * What the search concluded about one part.
 *
 * @param verdict valid, invalid, or unknown (budget exhausted before a conclusion)
 * @param exploredStates distinct (linearized set, state) pairs the memo held at the end
 * @param steps calls of the model's step function
 * @param longestPrefix the longest linearizable sequence found, as indexes into the part's commands; for a valid
 *     part, a complete linearization (of the operations with known outcome, plus the indeterminate ones it used)
 * @param unknownReason why the search stopped early, or null
 */
record SearchOutcome(Verdict verdict, long exploredStates, long steps, int[] longestPrefix, String unknownReason) {

    /** The reason given when a search used its round's step allowance: it will be resumed with a larger one. */
    static final String STEP_LIMIT = "step limit of this round";

    /** True if the search only stopped because its round's step allowance ran out. */
    boolean stepLimited() {
        return verdict == Verdict.UNKNOWN && STEP_LIMIT.equals(unknownReason);
    }
}
