package io.gregor.replication;

/**
 * What a leader knows of one follower from its fetches (Kafka's {@code Replica} state on the leader): the
 * follower's log end offset and when it was last caught up. Reset when the leader starts a new epoch, so the high
 * watermark only counts offsets a follower confirmed in this epoch, after its fetches passed divergence validation.
 */
final class FollowerReplicaState {

    /** Kafka's {@code UnknownOffset}: the follower has not fetched in this epoch. */
    static final long UNKNOWN_OFFSET = -1L;

    private final int brokerId;
    private long logEndOffset = UNKNOWN_OFFSET;
    private long lastCaughtUpTimeNs;
    private long lastFetchTimeNs;
    private long lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;

    /**
     * @param lastCaughtUpTimeNs now for a follower already in the ISR (it gets a full lag period to fetch from the new
     *     leader), {@code Long.MIN_VALUE / 2} otherwise (never caught up)
     */
    FollowerReplicaState(int brokerId, long lastCaughtUpTimeNs) {
        this.brokerId = brokerId;
        this.lastCaughtUpTimeNs = lastCaughtUpTimeNs;
        this.lastFetchTimeNs = lastCaughtUpTimeNs;
    }

    int brokerId() {
        return brokerId;
    }

    long logEndOffset() {
        return logEndOffset;
    }

    long lastCaughtUpTimeNs() {
        return lastCaughtUpTimeNs;
    }

    /**
     * A validated (non-diverging) fetch at {@code fetchOffset}. The follower was caught up at this fetch if it asked
     * for the leader's log end; or caught up as of its previous fetch if it now asks for what the leader's log end
     * was then (Kafka's {@code Replica.updateFetchState}): a steady follower thus never looks lagging just because
     * the leader appended between its fetches.
     */
    void onFetch(long fetchOffset, long leaderLogEndOffset, long nowNs) {
        if (fetchOffset >= leaderLogEndOffset) {
            lastCaughtUpTimeNs = Math.max(lastCaughtUpTimeNs, nowNs);
        } else if (lastFetchLeaderLogEndOffset != UNKNOWN_OFFSET && fetchOffset >= lastFetchLeaderLogEndOffset) {
            lastCaughtUpTimeNs = Math.max(lastCaughtUpTimeNs, lastFetchTimeNs);
        }
        logEndOffset = fetchOffset;
        lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        lastFetchTimeNs = nowNs;
    }

    /** Out of sync: behind the leader's log end and not caught up for longer than the lag time (KIP-537 rule). */
    boolean isLagging(long leaderLogEndOffset, long nowNs, long replicaLagTimeMaxNs) {
        return logEndOffset != leaderLogEndOffset && nowNs - lastCaughtUpTimeNs > replicaLagTimeMaxNs;
    }

    @Override
    public String toString() {
        return "follower " + brokerId + " leo=" + logEndOffset;
    }
}
