package io.gregor.histories;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly found in a history.
 *
 * @param type its name in Jepsen's vocabulary ({@code lost-write}, {@code duplicate}, {@code G1c},
 *     {@code nonlinearizable}, ...)
 * @param explanation one or two sentences a person can check against the witnesses
 * @param witnesses the few operations (invocations and completions) that prove it
 */
public record Anomaly(String type, String explanation, List<Op> witnesses) {

    public Anomaly {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(explanation, "explanation");
        witnesses = List.copyOf(witnesses);
    }
}
