package io.gregor.raftsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.mutation.Mutations;
import io.gregor.raft.RaftNode;
import io.gregor.sim.SwarmOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka's raft simulation properties as short stories on a quiet network. */
class RaftScenarioTest {

    private static final long SECOND = 1_000_000_000L;

    private static RaftCluster cluster(long seed, int voters) {
        return new RaftCluster(seed, voters, SwarmOptions.none(), Mutations.none(), false);
    }

    private static void assertHealthy(RaftCluster c) {
        assertThat(c.invariants().violations()).as(c.describe()).isEmpty();
    }

    /** Appends a record on the current leader and runs until the high watermark passes it everywhere alive. */
    private static long commitOne(RaftCluster c, String value) {
        int leader = c.leader();
        assertThat(leader).as(c.describe()).isPositive();
        long offset = c.raft(leader).append(new KvCommand(0, value.hashCode(), "put", "k", value).encode());
        c.runFor(SECOND);
        assertThat(c.raft(leader).highWatermark()).as(c.describe()).isGreaterThan(offset);
        return offset;
    }

    @Test
    void electsAnInitialLeader() {
        for (int voters : new int[] {1, 3, 5}) {
            RaftCluster c = cluster(1, voters);
            assertThat(c.runUntilLeader(10 * SECOND)).as(c.describe()).isTrue();
            c.runFor(SECOND);
            int leader = c.leader();
            for (int id : c.voters()) {
                assertThat(c.raft(id).quorum().leaderId()).as(c.describe()).isEqualTo(leader);
                // the leader-change record is committed everywhere
                assertThat(c.raft(id).highWatermark()).as(c.describe()).isGreaterThanOrEqualTo(1);
            }
            assertHealthy(c);
        }
    }

    @Test
    void replicatesAndCommitsOnEveryNode() {
        RaftCluster c = cluster(2, 3);
        c.runUntilLeader(10 * SECOND);
        long offset = commitOne(c, "hello");
        for (int id : c.voters()) {
            assertThat(c.raft(id).highWatermark()).as(c.describe()).isGreaterThan(offset);
        }
        assertHealthy(c);
    }

    /**
     * KIP-996: a follower cut off from its leader alone turns Prospective, and its pre-votes are refused because the
     * others still hear the leader. When the link heals it must go back to following that leader (it keeps
     * fetching while Prospective), not wait forever for a higher epoch that a healthy quorum never starts.
     */
    @Test
    void aProspectiveFollowerReturnsToItsLeaderWhenTheLinkHeals() {
        RaftCluster c = cluster(6, 3);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "before");
        int leader = c.leader();
        int follower = c.voters().stream().filter(id -> id != leader).findFirst().orElseThrow();
        c.sim().network().partition(List.of(follower), List.of(leader), true);
        c.runFor(5 * SECOND); // past the fetch timeout: the follower stands as Prospective and is refused
        assertThat(c.raft(follower).quorum().state().getClass().getSimpleName()).as(c.describe())
                .isEqualTo("ProspectiveState");
        c.heal();
        long offset = commitOne(c, "after");
        c.runFor(3 * SECOND);
        assertThat(c.leader()).as("a healthy leader is not deposed").isEqualTo(leader);
        assertThat(c.raft(follower).quorum().state().getClass().getSimpleName()).as(c.describe())
                .isEqualTo("FollowerState");
        assertThat(c.raft(follower).highWatermark()).as(c.describe()).isGreaterThan(offset);
        assertHealthy(c);
    }

    @Test
    void electsANewLeaderAfterAHardFailure() {
        RaftCluster c = cluster(3, 3);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "a");
        int old = c.leader();
        int epoch = c.raft(old).quorum().epoch();
        c.crash(old);
        assertThat(c.runUntilLeader(10 * SECOND)).as(c.describe()).isTrue();
        assertThat(c.leader()).isNotEqualTo(old);
        assertThat(c.raft(c.leader()).quorum().epoch()).isGreaterThan(epoch);
        commitOne(c, "b");
        c.restart(old);
        c.runFor(3 * SECOND);
        assertThat(c.raft(old).quorum().leaderId()).as(c.describe()).isEqualTo(c.leader());
        assertHealthy(c);
    }

    @Test
    void electsANewLeaderAfterGracefulResignation() {
        RaftCluster c = cluster(4, 3);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "a");
        int old = c.leader();
        long before = c.sim().nowNs();
        c.raft(old).resign();
        assertThat(c.runUntilLeader(10 * SECOND)).as(c.describe()).isTrue();
        assertThat(c.leader()).isNotEqualTo(old);
        // EndQuorumEpoch: the successor skips its election timeout, so this is faster than a fetch timeout
        assertThat(c.sim().nowNs() - before).isLessThan(2 * SECOND);
        commitOne(c, "b");
        assertHealthy(c);
    }

    /**
     * Kafka's simulation property "recovery from one node's loss of committed data": a voter dies with its whole disk
     * — log and quorum-state file — and comes back empty once the others have elected a leader without it. Nothing
     * committed is lost (the others hold it), and the empty voter catches up from the leader.
     */
    @Test
    void recoversFromOneNodesLossOfCommittedData() {
        for (long seed = 1; seed <= 10; seed++) {
            RaftCluster c = cluster(seed, 3);
            c.runUntilLeader(10 * SECOND);
            long offset = commitOne(c, "committed");
            c.runFor(SECOND);
            int victim = c.voters().get((int) (seed % 3)); // sometimes the leader, sometimes a follower
            c.crash(victim);
            for (String file : c.sim().disk(victim).list()) {
                c.sim().disk(victim).delete(file);
            }
            c.invariants().diskReplaced(victim);
            assertThat(c.runUntilLeader(10 * SECOND)).as(c.describe()).isTrue();
            assertThat(c.leader()).isNotEqualTo(victim);
            c.restart(victim);
            long after = commitOne(c, "after");
            c.runFor(2 * SECOND);
            RaftNode reborn = c.raft(victim);
            assertThat(reborn.highWatermark()).as("seed %d: %s", seed, c.describe()).isGreaterThan(after);
            assertThat(reborn.log().logEndOffset()).isGreaterThan(offset);
            assertThat(((KvServerNode) c.sim().node(victim)).stateMachine().get("k")).isEqualTo("after");
            c.invariants().checkLogMatching(c.sim());
            assertHealthy(c);
        }
    }

    @Test
    void recoversAfterAllNodesAreKilled() {
        RaftCluster c = cluster(5, 3);
        c.runUntilLeader(10 * SECOND);
        long offset = commitOne(c, "survivor");
        for (int id : c.voters()) {
            c.crash(id);
        }
        c.runFor(SECOND);
        for (int id : c.voters()) {
            c.restart(id);
        }
        assertThat(c.runUntilLeader(20 * SECOND)).as(c.describe()).isTrue();
        commitOne(c, "after");
        RaftNode leader = c.raft(c.leader());
        assertThat(leader.highWatermark()).isGreaterThan(offset + 1);
        assertHealthy(c);
    }

    @Test
    void makesProgressAfterTheLeaderIsPartitionedAway() {
        RaftCluster c = cluster(6, 5);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "a");
        int old = c.leader();
        c.isolate(List.of(old));
        c.runFor(6 * SECOND);
        int now = c.leader();
        assertThat(now).as(c.describe()).isPositive().isNotEqualTo(old);
        // check-quorum: the isolated leader resigned
        assertThat(c.raft(old).isLeader()).as(c.describe()).isFalse();
        commitOne(c, "b");
        c.heal();
        c.runFor(3 * SECOND);
        assertThat(c.raft(old).quorum().leaderId()).as(c.describe()).isEqualTo(c.leader());
        assertHealthy(c);
    }

    @Test
    void makesProgressWheneverAMajorityIsReachable() {
        RaftCluster c = cluster(7, 5);
        c.runUntilLeader(10 * SECOND);
        c.isolate(List.of(1, 2));
        c.runFor(8 * SECOND);
        int leader = c.leader();
        assertThat(leader).as(c.describe()).isIn(3, 4, 5);
        commitOne(c, "majority");
        assertHealthy(c);
    }

    @Test
    void survivesBackToBackLeaderFailures() {
        RaftCluster c = cluster(8, 5);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "a");
        int first = c.leader();
        c.crash(first);
        c.runUntilLeader(10 * SECOND);
        int second = c.leader();
        c.crash(second);
        assertThat(c.runUntilLeader(10 * SECOND)).as(c.describe()).isTrue();
        commitOne(c, "b");
        c.restart(first);
        c.restart(second);
        c.runFor(3 * SECOND);
        assertHealthy(c);
    }

    @Test
    void recoversFromOneNodesLossOfUnflushedData() {
        SwarmOptions lose = SwarmOptions.parse("--latency=1ms..2ms --no-loss --no-dup --fifo --no-crashes "
                + "--no-pauses --no-partitions --no-clogs --no-breaks --no-clock-jumps --clock-skew=0ms "
                + "--clock-drift=0ppm --fsync-latency=20ms..30ms --unsynced=lose --no-read-errors "
                + "--no-write-corruption --no-misdirected-writes --no-fsync-errors");
        RaftCluster c = new RaftCluster(9, 3, lose, Mutations.none(), false);
        c.runUntilLeader(10 * SECOND);
        commitOne(c, "a");
        int leader = c.leader();
        int follower = leader == 1 ? 2 : 1;
        long offset = c.raft(leader).append(new KvCommand(0, 2, "put", "k", "b").encode());
        // run until the follower has the record but (fsync takes 20 ms) has not flushed it, then crash it
        while (c.raft(follower).log().logEndOffset() <= offset) {
            c.runFor(1_000_000L);
        }
        assertThat(c.raft(follower).log().recoveryPoint()).isLessThanOrEqualTo(offset);
        c.crash(follower);
        c.restart(follower);
        assertThat(c.raft(follower).log().logEndOffset()).as("the unflushed record is gone").isLessThanOrEqualTo(
                offset);
        c.runFor(3 * SECOND);
        assertThat(c.raft(follower).log().logEndOffset()).isGreaterThan(offset);
        assertThat(c.raft(follower).highWatermark()).isGreaterThan(offset);
        assertThat(c.raft(leader).isLeader()).isTrue();
        assertHealthy(c);
    }

    @Test
    void preVoteKeepsARejoiningNodeFromDisruptingTheLeader() {
        RaftCluster c = cluster(10, 3);
        c.runUntilLeader(10 * SECOND);
        int leader = c.leader();
        int epoch = c.raft(leader).quorum().epoch();
        int loner = leader == 3 ? 2 : 3;
        c.isolate(List.of(loner));
        c.runFor(20 * SECOND); // many election timeouts: the loner pre-votes again and again, and never wins
        assertThat(c.raft(loner).quorum().epoch()).as("pre-vote does not bump the epoch").isEqualTo(epoch);
        c.heal();
        c.runFor(3 * SECOND);
        assertThat(c.leader()).isEqualTo(leader);
        assertThat(c.raft(leader).quorum().epoch()).isEqualTo(epoch);
        assertThat(c.raft(loner).quorum().leaderId()).isEqualTo(leader);
        assertHealthy(c);
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            RaftCluster c = cluster(11, 3);
            c.addClients(2, 5 * SECOND);
            c.runFor(6 * SECOND);
            hashes[i] = c.sim().traceHash();
        }
        assertThat(hashes[0]).isEqualTo(hashes[1]);
    }
}
