package io.gregor.histories.linear;

import java.util.ArrayList;
import java.util.List;

/**
 * Why one part is not linearizable: the longest linearizable prefix the search found, the state it leaves, and
 * the operations that cannot take effect after it.
 *
 * <p>When the search records its longest prefix it is standing at a return entry with every call before it tried.
 * Those calls are the candidates: each had to be linearized next (the operation whose return entry it is among
 * them), and none could — each is refused by the model in that state (a candidate the model accepted would have
 * led to a longer prefix). They are the witnesses a person checks: "after these, the register held 3, yet this
 * read returned 4".
 *
 * @param prefix the longest linearizable prefix, in linearization order
 * @param stateAfterPrefix the model state after it, described
 * @param unplaceable the candidates for the next place, none of which the model accepts there
 */
record Counterexample(List<Operation> prefix, String stateAfterPrefix, List<Operation> unplaceable) {

    /** Replays {@code prefixIndexes} through the model and finds the operations that cannot follow. */
    static <S, C> Counterexample of(Model<S, C> model, List<Operation> operations, List<C> commands,
            int[] prefixIndexes) {
        S state = model.initialState();
        boolean[] placed = new boolean[operations.size()];
        List<Operation> prefix = new ArrayList<>(prefixIndexes.length);
        for (int i : prefixIndexes) {
            state = model.step(state, commands.get(i));
            if (state == null) {
                throw new IllegalStateException("the search's prefix does not replay at operation "
                        + operations.get(i).describe());
            }
            placed[i] = true;
            prefix.add(operations.get(i));
        }
        long firstReturn = Operation.INFINITY;
        for (int i = 0; i < operations.size(); i++) {
            if (!placed[i]) {
                firstReturn = Math.min(firstReturn, operations.get(i).returnPosition());
            }
        }
        List<Operation> refused = new ArrayList<>();
        List<Operation> candidates = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            if (!placed[i] && op.callPosition() < firstReturn) {
                candidates.add(op);
                if (model.step(state, commands.get(i)) == null) {
                    refused.add(op);
                }
            }
        }
        return new Counterexample(prefix, model.describe(state), refused.isEmpty() ? candidates : refused);
    }
}
