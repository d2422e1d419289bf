package io.gregor.env;

/** A device error: a read that hit a bad sector, an fsync that failed, a missing file. */
public final class DiskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DiskException(String message) {
        super(message);
    }

    public DiskException(String message, Throwable cause) {
        super(message, cause);
    }
}
