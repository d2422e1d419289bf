package io.gregor.cli;

import io.gregor.mutation.Mutation;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Parses {@code --mutation NAME} values into switches, with a one-line error naming the known ones. */
final class MutationOption {

    private MutationOption() {
    }

    static Set<Mutation> parse(List<String> names) {
        EnumSet<Mutation> out = EnumSet.noneOf(Mutation.class);
        for (String raw : names) {
            for (String name : raw.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                Mutation m = Mutation.byCliName(name);
                if (m == null) {
                    StringBuilder known = new StringBuilder();
                    for (Mutation k : Mutation.values()) {
                        known.append(known.length() == 0 ? "" : ", ").append(k.cliName());
                    }
                    throw new BadInputException("unknown mutation '" + name.trim() + "' (known: " + known
                            + "; see ./gregor mutations)");
                }
                out.add(m);
            }
        }
        return out;
    }
}
