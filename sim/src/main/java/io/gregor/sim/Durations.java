package io.gregor.sim;

import java.util.Locale;

/**
 * Durations as people type them on a command line: {@code 250ns}, {@code 40us}, {@code 5ms}, {@code 2s}.
 * {@link #format(long)} picks the largest unit that divides the value exactly, so parse(format(x)) == x.
 */
public final class Durations {

    private static final String[] UNITS = {"s", "ms", "us", "ns"};
    private static final long[] UNIT_NS = {1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private Durations() {
    }

    /** Formats nanoseconds exactly, in the largest unit that divides them ({@code 0} is {@code 0ms}). */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0ms";
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (nanos % UNIT_NS[i] == 0) {
                return (nanos / UNIT_NS[i]) + UNITS[i];
            }
        }
        throw new AssertionError("unreachable: ns divides everything");
    }

    /**
     * Parses {@code <integer><unit>} with unit one of {@code ns us ms s}.
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (int i = 0; i < UNITS.length; i++) {
            String unit = UNITS[i];
            if (t.endsWith(unit)) {
                String number = t.substring(0, t.length() - unit.length());
                // "5ms" also ends with "s": only accept when the number part is all digits
                if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
                    try {
                        return Math.multiplyExact(Long.parseLong(number), UNIT_NS[i]);
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw new IllegalArgumentException("duration too large: '" + text + "'");
                    }
                }
            }
        }
        throw new IllegalArgumentException(
                "bad duration '" + text + "': expected a whole number with a unit, like 250us, 5ms or 2s");
    }
}
