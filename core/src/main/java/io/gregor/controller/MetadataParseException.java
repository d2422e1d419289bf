package io.gregor.controller;

/** Bytes that are not a metadata record this version understands; the message says what is wrong, in one line. */
public final class MetadataParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetadataParseException(String message) {
        super(message);
    }
}
