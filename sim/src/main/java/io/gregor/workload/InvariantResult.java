package io.gregor.workload;

import java.util.List;

/**
 * One invariant the job checked, and what broke it.
 *
 * @param name a short name ({@code acknowledged-writes-survive-recovery})
 * @param checks how many times it was checked
 * @param violations what broke it (empty when it held)
 */
public record InvariantResult(String name, long checks, List<String> violations) {

    public InvariantResult {
        violations = List.copyOf(violations);
    }

    public boolean held() {
        return violations.isEmpty();
    }
}
