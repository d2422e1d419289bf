package io.gregor.histories.linear;

import java.util.List;

/**
 * A register operation ready for the search, shared by {@link RegisterModel} and {@link CasRegisterModel}.
 * Values are normalized ({@link Values#normalize}) and nil is {@link #NIL}, because states must not be null.
 *
 * @param kind what the operation does and what it observed
 * @param value the value read, the value written, or the expected value of a cas
 * @param newValue the new value of a cas (unused otherwise)
 */
record RegisterCommand(Kind kind, Object value, Object newValue) {

    /** The empty register. A value object (equal to itself only, stable hash), never a real value. */
    static final Object NIL = new Nil();

    /** What a register command does, by outcome. */
    enum Kind {
        /** A completed read: the register held {@code value}. */
        READ,
        /** A write of {@code value} (completed, or maybe). */
        WRITE,
        /** A completed cas: the register held {@code value} and now holds {@code newValue}. */
        CAS_OK,
        /** A failed cas, read as an observation: the register did not hold {@code value}. */
        CAS_FAILED,
        /** A cas of unknown outcome: if the register held {@code value} it now holds {@code newValue}. */
        CAS_MAYBE
    }

    /** The state after this command, or null if what it observed is impossible in {@code state}. */
    Object apply(Object state) {
        switch (kind) {
            case READ:
                return state.equals(value) ? state : null;
            case WRITE:
                return value;
            case CAS_OK:
                return state.equals(value) ? newValue : null;
            case CAS_FAILED:
                return state.equals(value) ? null : state;
            case CAS_MAYBE:
                return state.equals(value) ? newValue : state;
            default:
                throw new IllegalStateException("unknown register command " + kind);
        }
    }

    /** A register value with nil as {@link #NIL}. */
    static Object value(Object raw) {
        Object v = Values.normalize(raw);
        return v == null ? NIL : v;
    }

    /** A cas argument {@code [expected new]}. */
    static Object[] casArguments(Operation op) {
        if (!(op.input() instanceof List) || ((List<?>) op.input()).size() != 2) {
            throw Values.bad(op, "expects [expected new], got " + op.input());
        }
        List<?> args = (List<?>) op.input();
        return new Object[] {value(args.get(0)), value(args.get(1))};
    }

    static String describe(Object state) {
        return state == NIL ? "nil" : String.valueOf(state);
    }

    /** Nil: equal only to itself (one instance), with a fixed hash so memo layout does not depend on the JVM. */
    private static final class Nil {
        @Override
        public int hashCode() {
            return 0x4E11;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public String toString() {
            return "nil";
        }
    }
}
