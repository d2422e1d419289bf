package io.gregor.histories.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * EDN's number literals: integers ({@code 42}, {@code -7}, {@code +7}, {@code 12N}), floats ({@code 1.5},
 * {@code 2e3}, {@code 1.25M}) and ratios ({@code 1/3}, which Clojure prints for exact fractions).
 */
final class EdnNumbers {

    private EdnNumbers() {
    }

    /**
     * The number {@code token} spells: Long (BigInteger when too large for one), Double, BigDecimal for an
     * {@code M} suffix, Double for a ratio; null if it is not a number.
     */
    static Object parse(String token) {
        try {
            char last = token.charAt(token.length() - 1);
            if (last == 'N') {
                return normalize(new BigInteger(stripPlus(token.substring(0, token.length() - 1))));
            }
            if (last == 'M') {
                return new BigDecimal(stripPlus(token.substring(0, token.length() - 1)));
            }
            int slash = token.indexOf('/');
            if (slash > 0) {
                return new BigDecimal(stripPlus(token.substring(0, slash)))
                        .divide(new BigDecimal(token.substring(slash + 1)), MathContext.DECIMAL64).doubleValue();
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                    return null; // Java would also take 1.5f, 1d or 0x10; EDN does not
                }
            }
            if (token.indexOf('.') >= 0 || token.indexOf('e') >= 0 || token.indexOf('E') >= 0) {
                return Double.parseDouble(token);
            }
            String digits = stripPlus(token);
            if (digits.length() <= 18) {
                return Long.parseLong(digits);
            }
            return normalize(new BigInteger(digits));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String stripPlus(String t) {
        return t.startsWith("+") ? t.substring(1) : t;
    }

    /** A BigInteger that fits a long is a Long: EDN's {@code 3N} and {@code 3} are the same number. */
    private static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
