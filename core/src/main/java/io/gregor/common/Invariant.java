package io.gregor.common;

/**
 * Always-on checks at the points where a rule of the protocol must hold. Java's {@code assert} is off by default;
 * these are not. The simulator's per-event checkers call the same predicates.
 */
public final class Invariant {

    private Invariant() {
    }

    /** Throws {@link InvariantViolation} with the formatted message when {@code condition} is false. */
    public static void check(boolean condition, String messageFormat, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(java.util.Locale.ROOT, messageFormat, args));
        }
    }

    /** Cheaper form for hot paths: no varargs array unless the check fails. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvariantViolation(message);
        }
    }
}
