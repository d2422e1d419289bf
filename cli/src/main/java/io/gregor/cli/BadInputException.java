package io.gregor.cli;

/** The user's input is wrong: printed as one line, exit code 254. */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
