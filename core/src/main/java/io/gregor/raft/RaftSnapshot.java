package io.gregor.raft;

import io.gregor.log.OffsetAndEpoch;
import java.util.Arrays;

/**
 * A state machine snapshot (KIP-630): the state after every record below {@code endOffset}, the last of which was
 * written in {@code epoch}. The pair is the snapshot's id, and what the divergence check uses for a follower whose
 * log starts at the snapshot.
 */
record RaftSnapshot(long endOffset, int epoch, byte[] state) {

    RaftSnapshot {
        if (endOffset <= 0 || epoch < 0 || state == null) {
            throw new IllegalArgumentException("bad snapshot: end " + endOffset + " epoch " + epoch);
        }
    }

    OffsetAndEpoch id() {
        return new OffsetAndEpoch(epoch, endOffset);
    }

    /** Deterministic text (an array's own toString is its identity). */
    @Override
    public String toString() {
        return "RaftSnapshot[endOffset=" + endOffset + ", epoch=" + epoch + ", stateBytes=" + state.length
                + ", stateHash=" + Arrays.hashCode(state) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RaftSnapshot s && s.endOffset == endOffset && s.epoch == epoch
                && Arrays.equals(s.state, state);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(endOffset) * 31 + Arrays.hashCode(state);
    }
}
