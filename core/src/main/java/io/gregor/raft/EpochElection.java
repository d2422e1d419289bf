package io.gregor.raft;

import java.util.Set;
import java.util.TreeSet;

/**
 * The answers to one round of votes or pre-votes (Kafka's {@code EpochElection}): who granted — the node itself
 * from the start — and who refused. {@link CandidateState} and {@link ProspectiveState} each hold one.
 */
final class EpochElection {

    private final Set<Integer> granted = new TreeSet<>();
    private final Set<Integer> rejected = new TreeSet<>();

    EpochElection(int selfId) {
        granted.add(selfId);
    }

    /** Records one voter's answer; returns the number of grants so far (the node itself included). */
    int record(int voterId, boolean grant) {
        if (grant) {
            granted.add(voterId);
        } else {
            rejected.add(voterId);
        }
        return granted.size();
    }

    int rejections() {
        return rejected.size();
    }

    @Override
    public String toString() {
        return "granted=" + granted + ", rejected=" + rejected;
    }
}
