package io.gregor.raft;

import java.util.Set;
import java.util.TreeSet;

/**
 * Standing for election in {@code epoch}, having voted for itself (durably, before asking anyone). A majority of
 * grants makes it the {@link LeaderState}; losing or timing out sends it back to {@link ProspectiveState}.
 */
public final class CandidateState implements EpochState {

    private final int epoch;
    private final int selfId;
    private final Set<Integer> granted = new TreeSet<>();
    private final Set<Integer> rejected = new TreeSet<>();

    public CandidateState(int epoch, int selfId) {
        this.epoch = epoch;
        this.selfId = selfId;
        granted.add(selfId);
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int leaderId() {
        return NO_ID;
    }

    @Override
    public int votedId() {
        return selfId;
    }

    @Override
    public String name() {
        return "Candidate";
    }

    /** Records a vote; returns the number of grants so far (itself included). */
    public int record(int voterId, boolean grant) {
        if (grant) {
            granted.add(voterId);
        } else {
            rejected.add(voterId);
        }
        return granted.size();
    }

    public int rejections() {
        return rejected.size();
    }

    @Override
    public String toString() {
        return "Candidate[epoch=" + epoch + ", granted=" + granted + ", rejected=" + rejected + "]";
    }
}
