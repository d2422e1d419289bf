package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference the search is tested against: tries every order of the operations consistent with real time,
 * without a memo, without lifting, without partitions. Exponential, so only for tiny histories.
 *
 * <p>Shares only {@link Pairing} and the model's step function with the real checker; the order constraint is
 * written from the definition: an operation may go next iff no other unplaced operation returned before it was
 * called. Indeterminate operations may be left out.
 */
final class BruteForce {

    private BruteForce() {
    }

    static <S, C> boolean linearizable(List<Op> history, Model<S, C> model) {
        List<Operation> operations = new ArrayList<>();
        List<C> commands = new ArrayList<>();
        for (Operation op : Pairing.pair(history)) {
            if (op.outcome() == Op.Type.FAIL && !model.failIsObservation(op)) {
                continue;
            }
            C command = model.command(op);
            if (command != null) {
                operations.add(op);
                commands.add(command);
            }
        }
        return search(model, operations, commands, new boolean[operations.size()], model.initialState());
    }

    private static <S, C> boolean search(Model<S, C> model, List<Operation> operations, List<C> commands,
            boolean[] placed, S state) {
        boolean allKnownPlaced = true;
        for (int i = 0; i < operations.size(); i++) {
            if (!placed[i] && !operations.get(i).isIndeterminate()) {
                allKnownPlaced = false;
            }
        }
        if (allKnownPlaced) {
            return true;
        }
        for (int i = 0; i < operations.size(); i++) {
            if (placed[i] || !mayGoNext(operations, placed, i)) {
                continue;
            }
            S after = model.step(state, commands.get(i));
            if (after == null) {
                continue;
            }
            placed[i] = true;
            boolean found = search(model, operations, commands, placed, after);
            placed[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayGoNext(List<Operation> operations, boolean[] placed, int i) {
        for (int j = 0; j < operations.size(); j++) {
            if (j != i && !placed[j] && operations.get(j).returnPosition() < operations.get(i).callPosition()) {
                return false;
            }
        }
        return true;
    }
}
