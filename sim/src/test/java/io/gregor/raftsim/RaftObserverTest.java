package io.gregor.raftsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.raft.FollowerState;
import io.gregor.raft.RaftNode;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Observers (KIP-595): non-voting replicas of the log, as KRaft brokers are for the metadata log. They find the
 * leader through any voter, replicate and apply everything committed, and never count toward a majority.
 */
class RaftObserverTest {

    private static final long SECOND = 1_000_000_000L;

    private static RaftCluster cluster(long seed, int observers) {
        RaftCluster c = new RaftCluster(seed, 3, SwarmOptions.none(), Mutations.none(), false);
        c.addObservers(observers);
        return c;
    }

    private static long commitOne(RaftCluster c, String value) {
        int leader = c.leader();
        assertThat(leader).as(c.describe()).isPositive();
        return c.raft(leader).append(new KvCommand(0, value.hashCode(), "put", "k", value).encode());
    }

    private static KvStateMachine state(RaftCluster c, int id) {
        return ((KvServerNode) c.sim().node(id)).stateMachine();
    }

    @Test
    void observersFindTheLeaderAndApplyWhatCommits() {
        RaftCluster c = cluster(3, 2);
        assertThat(c.runUntilLeader(10 * SECOND)).isTrue();
        long offset = commitOne(c, "v1");
        c.runFor(2 * SECOND);
        int leader = c.leader();
        for (int id : c.observers()) {
            RaftNode r = c.raft(id);
            assertThat(r.isObserver()).isTrue();
            assertThat(r.quorum().state()).as(c.describe()).isInstanceOf(FollowerState.class);
            assertThat(r.quorum().leaderId()).isEqualTo(leader);
            assertThat(r.highWatermark()).as("observer n%d", id).isGreaterThan(offset);
            assertThat(state(c, id).data()).isEqualTo(state(c, leader).data());
        }
        assertThat(c.invariants().violations()).isEmpty();
    }

    @Test
    void observersFollowTheNextLeaderAfterTheLeaderCrashes() {
        RaftCluster c = cluster(4, 2);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "before");
        c.runFor(SECOND);
        int old = c.leader();
        c.crash(old);
        c.runFor(2 * SECOND);
        assertThat(c.runUntilLeader(10 * SECOND)).isTrue();
        long offset = commitOne(c, "after");
        c.runFor(6 * SECOND); // observers notice the silence after the fetch timeout and ask the voters
        int leader = c.leader();
        assertThat(leader).isNotEqualTo(old);
        for (int id : c.observers()) {
            assertThat(c.raft(id).quorum().leaderId()).as(c.describe()).isEqualTo(leader);
            assertThat(c.raft(id).highWatermark()).isGreaterThan(offset);
            assertThat(state(c, id).get("k")).isEqualTo("after");
        }
        assertThat(c.invariants().violations()).isEmpty();
    }

    /** Two observers cannot stand in for two lost voters: nothing commits, and the leader resigns (check-quorum). */
    @Test
    void observersDoNotCountTowardTheMajority() {
        RaftCluster c = cluster(5, 2);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "committed");
        c.runFor(SECOND);
        int leader = c.leader();
        for (int id : c.voters()) {
            if (id != leader) {
                c.crash(id);
            }
        }
        long hw = c.raft(leader).highWatermark();
        commitOne(c, "never");
        c.runFor(SECOND);
        assertThat(c.raft(leader).highWatermark()).as("observers fetched it, voters did not").isEqualTo(hw);
        c.runFor(5 * SECOND);
        assertThat(c.raft(leader).isLeader()).as("check-quorum ignores observers' fetches").isFalse();
        for (int id : c.observers()) {
            assertThat(c.raft(id).highWatermark()).isLessThanOrEqualTo(hw);
            assertThat(state(c, id).get("k")).isEqualTo("committed");
        }
        assertThat(c.invariants().violations()).isEmpty();
    }

    @Test
    void aRestartedObserverCatchesUpFromItsOwnLog() {
        RaftCluster c = cluster(6, 1);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "one");
        c.runFor(SECOND);
        int observer = c.observers().get(0);
        c.crash(observer);
        commitOne(c, "two");
        c.runFor(SECOND);
        c.restart(observer);
        c.runFor(2 * SECOND);
        assertThat(state(c, observer).get("k")).isEqualTo("two");
        assertThat(c.invariants().violations()).isEmpty();
    }

    @Test
    void threeVotersAndTwoObserversPassASeedSweep() {
        List<String> failures = new ArrayList<>();
        RaftSwarm.Spec spec = RaftSwarm.Spec.standard().withObservers(2);
        for (long seed = 1; seed < 31; seed++) {
            RaftSwarm.Result r = RaftSwarm.run(seed, spec, Mutations.none());
            if (!r.passed()) {
                failures.add(r.summary());
            }
            assertThat(r.linearizability()).as(r.summary()).isIn(Verdict.VALID, Verdict.UNKNOWN, null);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void observersWithSnapshotsPassASeedSweep() {
        List<String> failures = new ArrayList<>();
        RaftSwarm.Spec spec = RaftSwarm.Spec.standard().withObservers(2).withSnapshots(5);
        for (long seed = 100; seed < 120; seed++) {
            RaftSwarm.Result r = RaftSwarm.run(seed, spec, Mutations.none());
            if (!r.passed()) {
                failures.add(r.summary());
            }
        }
        assertThat(failures).isEmpty();
    }
}
