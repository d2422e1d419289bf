package io.gregor.histories;

/** A checker's verdict, with the exit code Jepsen's conventions give it. */
public enum Verdict {
    /** No anomaly: the history is consistent with the model. */
    VALID(0),
    /** An anomaly was found; its witnesses prove it. */
    INVALID(1),
    /** The checker could not decide (budget exhausted, or not enough information). */
    UNKNOWN(2);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return exitCode;
    }

    /** Combines two verdicts: any invalid makes the whole invalid, else any unknown makes it unknown. */
    public Verdict and(Verdict other) {
        if (this == INVALID || other == INVALID) {
            return INVALID;
        }
        if (this == UNKNOWN || other == UNKNOWN) {
            return UNKNOWN;
        }
        return VALID;
    }
}
