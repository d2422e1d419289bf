package io.gregor.raft;

/**
 * Standing for election in {@code epoch}, having voted for itself (durably, before asking anyone). A majority of
 * grants makes it the {@link LeaderState}; losing or timing out sends it back to {@link ProspectiveState}.
 */
public final class CandidateState implements EpochState {

    private final int epoch;
    private final int selfId;
    private final EpochElection election;

    public CandidateState(int epoch, int selfId) {
        this.epoch = epoch;
        this.selfId = selfId;
        this.election = new EpochElection(selfId);
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
        return election.record(voterId, grant);
    }

    public int rejections() {
        return election.rejections();
    }

    @Override
    public String toString() {
        return "Candidate[epoch=" + epoch + ", " + election + "]";
    }
}
