package io.gregor.raftsim;

/** What a simulated client and a key-value server say to each other (not part of the quorum's protocol). */
public sealed interface KvMessage permits KvMessage.KvRequest, KvMessage.KvResponse {

    /** A client operation: {@code f} is {@code put}, {@code append} or {@code get} ({@code value} null for get). */
    record KvRequest(long requestId, String f, String key, String value) implements KvMessage {
        public KvRequest {
            if (!f.equals("put") && !f.equals("append") && !f.equals("get")) {
                throw new IllegalArgumentException("unknown kv operation '" + f + "' (put, append, get)");
            }
        }
    }

    /** The outcome: {@code OK} (with the value read, for get), or refused before or after the log. */
    record KvResponse(long requestId, Status status, String value, int leaderHint) implements KvMessage {
    }

    /** Why a request ended. */
    enum Status {
        /** Committed (and, for get, read at its place in the log). */
        OK,
        /** Not appended: this server does not lead; {@code leaderHint} names who does, or -1. */
        NOT_LEADER,
        /** Not committed and never will be: its log entry was replaced, or the server was too busy to take it. */
        FAILED
    }
}
