package io.gregor.raft;

/**
 * Pre-vote (KIP-996): asks the voters whether it could win an election at {@code epoch + 1} without bumping its
 * epoch, so a node cut off from the leader cannot disrupt a healthy quorum. A majority of grants makes it a
 * {@link CandidateState}. {@code leaderId}/{@code votedId} are kept from the state it left.
 */
public final class ProspectiveState implements EpochState {

    private final int epoch;
    private final int leaderId;
    private final int votedId;
    private final EpochElection election;

    public ProspectiveState(int epoch, int leaderId, int votedId, int selfId) {
        this.epoch = epoch;
        this.leaderId = leaderId;
        this.votedId = votedId;
        this.election = new EpochElection(selfId);
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int leaderId() {
        return leaderId;
    }

    @Override
    public int votedId() {
        return votedId;
    }

    @Override
    public String name() {
        return "Prospective";
    }

    /** Records a pre-vote answer; returns the number of grants so far (itself included). */
    public int record(int voterId, boolean grant) {
        return election.record(voterId, grant);
    }

    public int rejections() {
        return election.rejections();
    }

    @Override
    public String toString() {
        return "Prospective[epoch=" + epoch + ", " + election + "]";
    }
}
