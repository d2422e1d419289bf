package io.gregor.raft;

/** An append was offered to a node that is not the leader; {@code leaderId} is the leader it knows, or -1. */
public final class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int leaderId;
    private final int epoch;

    public NotLeaderException(int leaderId, int epoch) {
        super("not the leader in epoch " + epoch + (leaderId < 0 ? "; no leader known" : "; the leader is n"
                + leaderId));
        this.leaderId = leaderId;
        this.epoch = epoch;
    }

    public int leaderId() {
        return leaderId;
    }

    public int epoch() {
        return epoch;
    }
}
