package io.gregor.histories;

import java.util.Objects;

/** An EDN keyword such as {@code :send} (stored without the colon). In JSON it is written as a plain string. */
public record Keyword(String name) implements Comparable<Keyword> {

    public Keyword {
        Objects.requireNonNull(name, "name");
    }

    public static Keyword of(String name) {
        return new Keyword(name);
    }

    @Override
    public int compareTo(Keyword o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
