package io.gregor.histories.linear;

import java.util.List;

/**
 * A sequential specification: what one operation at a time does to an object's state.
 *
 * <p>The checker asks the model three things: how to translate an {@link Operation} into a command (its input and
 * observed output, parsed once so the search does not re-parse it at every step), which state the object starts
 * in, and what a command does in a state. {@link #step} answers {@code null} when the observed output is
 * impossible in that state; that is the only way a history becomes non-linearizable.
 *
 * <p>States are values: immutable, with {@code equals} and {@code hashCode} over their content and never
 * {@code null}. The search memoizes (linearized set, state) pairs, so two different states that compare equal
 * would hide a real search branch, and an identity-based {@code hashCode} would defeat the memo.
 *
 * <p>Outcomes. A {@code fail} completion means the operation did not take effect: the checker drops it unless
 * {@link #failIsObservation} says the failure itself observed the state (a failed compare-and-set saw another
 * value). An {@code info} operation (outcome unknown) stays in the search with an infinite return; its command
 * describes the effect it would have had, and the search may leave it out entirely ("did not happen"). A command
 * for an info operation therefore must not reject a state on the strength of an output nobody observed.
 *
 * @param <S> the state type
 * @param <C> the command type
 */
public interface Model<S, C> {

    /** The model's name, as in {@code linearizable/<name>}. */
    String name();

    /** The state before any operation. */
    S initialState();

    /**
     * The command for one operation, or {@code null} to drop it because it neither changes nor observes the state
     * (a read whose result is unknown). Throws {@link IllegalArgumentException} with a one-line message when the
     * operation does not fit the model (an unknown function, a value of the wrong shape).
     */
    C command(Operation operation);

    /** The state after {@code command} in {@code state}, or {@code null} if its observed output is impossible there. */
    S step(S state, C command);

    /**
     * Whether {@code command} never changes the state: {@link #step} returns either {@code null} or the very state
     * it was given. The search linearizes such an observation as soon as it agrees with the state, without trying
     * alternatives — sound because moving an observation earlier changes no other operation's view — which prunes
     * most of the search on read-heavy histories. Default false (always safe).
     */
    default boolean readOnly(C command) {
        return false;
    }

    /** Whether a {@code fail} completion of this operation is an observation to check rather than a no-op. */
    default boolean failIsObservation(Operation operation) {
        return false;
    }

    /**
     * Splits the operations into parts whose linearizability is independent (P-compositionality). The default is
     * one part holding everything. Parts must keep invocation order.
     */
    default List<Partition> partition(List<Operation> operations) {
        return List.of(new Partition("all", operations));
    }

    /** A state as a person reads it, for counterexamples. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
