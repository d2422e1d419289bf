package io.gregor.common;

/** A rule of the protocol was broken. In the simulator this is a finding, never something to catch and go on. */
public final class InvariantViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvariantViolation(String message) {
        super(message);
    }
}
