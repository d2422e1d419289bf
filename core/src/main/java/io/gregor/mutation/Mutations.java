package io.gregor.mutation;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The switches a run turns on: an immutable set passed down in configuration. */
public final class Mutations {

    private static final Mutations NONE = new Mutations(EnumSet.noneOf(Mutation.class));

    private final EnumSet<Mutation> enabled;

    private Mutations(EnumSet<Mutation> enabled) {
        this.enabled = enabled;
    }

    /** Production: every rule in force. */
    public static Mutations none() {
        return NONE;
    }

    public static Mutations of(Set<Mutation> switches) {
        return switches.isEmpty() ? NONE : new Mutations(EnumSet.copyOf(switches));
    }

    public static Mutations of(Mutation first, Mutation... rest) {
        return new Mutations(EnumSet.of(first, rest));
    }

    public boolean on(Mutation m) {
        return enabled.contains(m);
    }

    public boolean isEmpty() {
        return enabled.isEmpty();
    }

    public Set<Mutation> enabled() {
        return EnumSet.copyOf(enabled.isEmpty() ? EnumSet.noneOf(Mutation.class) : enabled);
    }

    @Override
    public String toString() {
        return enabled.stream().map(Mutation::cliName).collect(Collectors.joining(",", "[", "]"));
    }
}
