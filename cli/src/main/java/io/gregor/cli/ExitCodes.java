package io.gregor.cli;

/** Jepsen's exit codes, which tests, docs and scripts rely on. */
public final class ExitCodes {

    /** The run or history is valid: no violation found. */
    public static final int VALID = 0;
    /** A violation was found. */
    public static final int INVALID = 1;
    /** The checker could not decide. */
    public static final int UNKNOWN = 2;
    /** Bad command-line arguments or bad input. */
    public static final int BAD_INPUT = 254;
    /** A bug of ours. */
    public static final int INTERNAL_ERROR = 255;

    private ExitCodes() {
    }
}
