package io.gregor.histories.linear;

import java.util.List;
import java.util.Objects;

/**
 * One independent part of a history: the operations on one key (or one topic-partition). Horn &amp; Kroening's
 * P-compositionality: a history is linearizable iff each part is, so each is searched alone, which turns one
 * search exponential in the whole history into many small ones.
 *
 * @param key what the operations share ({@code "all"} when the model does not partition)
 * @param operations the part's operations, in invocation order
 */
public record Partition(String key, List<Operation> operations) {

    public Partition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operations, "operations");
    }
}
