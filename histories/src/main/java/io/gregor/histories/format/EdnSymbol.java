package io.gregor.histories.format;

import java.util.Objects;

/**
 * An EDN symbol such as {@code foo} or {@code jepsen.history/Op}, kept as its own type so that a history read
 * from EDN is written back with the symbol unquoted. JSON writes it as a string.
 */
public record EdnSymbol(String name) {

    public EdnSymbol {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name;
    }
}
