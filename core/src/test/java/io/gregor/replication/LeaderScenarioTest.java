package io.gregor.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controller.Errors;
import io.gregor.controller.PartitionRegistration;
import io.gregor.log.TestBatches;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochRequest;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's rules as short stories: acks, min.insync.replicas, the high watermark, ISR changes, fencing. */
class LeaderScenarioTest {

    private static final ReplicaConfig CONFIG = ReplicaConfig.DEFAULT.withReplicaLagTimeMaxMs(100);

    @Test
    void acksOneAnswersAfterTheLocalAppendAndFollowersCatchUp() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        assertThat(c.replica(1).role()).isEqualTo(PartitionReplica.Role.LEADER);
        assertThat(c.replica(2).role()).isEqualTo(PartitionReplica.Role.FOLLOWER);

        ReplicaCluster.Answers a = c.produce(1, 1, 3);
        assertThat(a.only().error()).isEqualTo(ReplicationErrors.NONE);
        assertThat(a.only().baseOffset()).isZero();
        assertThat(c.replica(1).highWatermark()).isZero();

        c.catchUp();
        for (int id : List.of(1, 2, 3)) {
            assertThat(c.replica(id).logEndOffset()).isEqualTo(3);
            assertThat(c.replica(id).highWatermark()).isEqualTo(3);
            assertThat(ReplicaCluster.batches(c.replica(id))).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(ReplicaCluster.batches(c.replica(1)));
        }
    }

    @Test
    void acksAllWaitsForTheLaggingFollower() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        ReplicaCluster.Answers a = c.produce(1, -1, 2);
        assertThat(a.responses).isEmpty();

        c.fetch(2);
        c.fetch(2); // follower 2 has reported offset 2, follower 3 nothing yet
        assertThat(c.replica(1).highWatermark()).isZero();
        assertThat(a.responses).isEmpty();

        c.fetch(3);
        assertThat(a.responses).isEmpty(); // 3 got the records but has not reported them
        c.fetch(3);
        assertThat(c.replica(1).highWatermark()).isEqualTo(2);
        assertThat(a.only().error()).isEqualTo(ReplicationErrors.NONE);
        assertThat(a.only().baseOffset()).isZero();
    }

    @Test
    void acksAllIsRefusedBeforeAppendingWhenTheIsrIsBelowMinIsr() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG.withMinInsyncReplicas(2));
        c.setIsr(List.of(1));

        ReplicaCluster.Answers refused = c.produce(1, -1, 1);
        assertThat(refused.only().error()).isEqualTo(ReplicationErrors.NOT_ENOUGH_REPLICAS);
        assertThat(c.replica(1).logEndOffset()).isZero();

        ReplicaCluster.Answers one = c.produce(1, 1, 1);
        assertThat(one.only().error()).isEqualTo(ReplicationErrors.NONE);
        assertThat(c.replica(1).logEndOffset()).isEqualTo(1);
    }

    /**
     * Strict min ISR (KIP-966): once the ISR is smaller than min.insync.replicas the high watermark stays where it is,
     * so a waiting acks=all write is not committed behind the producer's back; it times out, and commits only when
     * the ISR is whole again.
     */
    @Test
    void acksAllWaitsOutAnIsrBelowMinIsrAndTheHighWatermarkHolds() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG.withMinInsyncReplicas(3));
        ReplicaCluster.Answers a = c.produce(1, -1, 1);
        c.fetch(2);
        c.fetch(2);
        assertThat(a.responses).isEmpty();

        c.advanceMs(150); // 3 never fetched: it is proposed out, and the controller applies it
        assertThat(c.registration.isr()).containsExactly(1, 2);
        c.fetch(2);
        assertThat(c.replica(1).highWatermark()).as("held below min ISR").isZero();
        assertThat(a.responses).isEmpty();

        c.advanceMs(5_000);
        assertThat(a.only().error()).isEqualTo(ReplicationErrors.REQUEST_TIMED_OUT);
        c.catchUp(); // 3 catches up and is proposed back in: the mark moves
        assertThat(c.registration.isr()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(c.replica(1).highWatermark()).isEqualTo(1);
    }

    @Test
    void isrShrinksAfterTheLagTimeAndExpandsAfterCatchUp() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.produce(1, 1, 2);
        c.fetch(2);
        c.advanceMs(60);
        c.fetch(2);
        c.advanceMs(50); // 3 is 110 ms behind, 2 caught up 50 ms ago
        assertThat(c.registration.isr()).containsExactly(1, 2);
        assertThat(c.replica(1).isr()).containsExactly(1, 2);
        assertThat(c.replica(1).partitionEpoch()).isEqualTo(c.registration.partitionEpoch());

        c.fetch(3); // gets both records, reports 0: still behind the high watermark
        assertThat(c.registration.isr()).containsExactly(1, 2);
        c.fetch(3); // reports 2 = high watermark: proposed back in
        assertThat(c.registration.isr()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(c.replica(1).isr()).containsExactlyInAnyOrder(1, 2, 3);
    }

    /**
     * A new leader's high watermark may lag the old one's; a follower joins the ISR only once it also holds
     * everything before the new epoch, which an earlier leader may have committed.
     */
    @Test
    void aFollowerJoinsTheIsrOnlyFromTheLeaderEpochStartOffset() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.setIsr(List.of(1, 2));
        c.produce(1, 1, 3);
        c.fetch(2); // 2 holds offsets 0-2 but its high watermark is 0
        c.electLeader(2); // epoch 1 starts at offset 3, high watermark 0
        assertThat(c.replica(2).highWatermark()).isZero();

        c.fetch(3); // reports offset 0: at the high watermark, but below the epoch start
        assertThat(c.registration.isr()).containsExactly(1, 2);
        c.fetch(3); // reports offset 3
        assertThat(c.registration.isr()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aShrinkInFlightStillCountsTheLeavingFollowerForTheHighWatermark() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.produce(1, 1, 1);
        c.fetch(2);
        c.fetch(2);
        c.clock.advanceMs(150);
        c.replica(1).tick(c.nowNs()); // proposes {1, 2} but the controller has not answered
        assertThat(c.replica(1).pendingAlterPartition().newIsr()).containsExactly(1, 2);
        assertThat(c.replica(1).maximalIsr()).containsExactly(1, 2, 3);
        FetchRequest fromTwo = c.replica(2).nextFetchRequest(c.nowNs());
        c.replica(2).handleFetchResponse(fromTwo, c.replica(1).handleFetch(fromTwo, c.nowNs()), c.nowNs());
        assertThat(c.replica(1).highWatermark()).isZero(); // 3 still counts until the controller commits

        c.deliverAlterPartitions();
        assertThat(c.replica(1).maximalIsr()).containsExactly(1, 2);
        c.fetch(2);
        assertThat(c.replica(1).highWatermark()).isEqualTo(1);
    }

    @Test
    void aDuplicatedOrStaleFetchResponseIsIgnored() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        c.produce(1, 1, 1);
        FetchRequest request = c.replica(2).nextFetchRequest(c.nowNs());
        assertThat(c.replica(2).nextFetchRequest(c.nowNs())).isNull(); // one in flight
        FetchResponse response = c.replica(1).handleFetch(request, c.nowNs());
        c.replica(2).handleFetchResponse(request, response, c.nowNs());
        assertThat(c.replica(2).logEndOffset()).isEqualTo(1);
        c.replica(2).handleFetchResponse(request, response, c.nowNs()); // delivered twice by the network
        assertThat(c.replica(2).logEndOffset()).isEqualTo(1);

        FetchRequest next = c.replica(2).nextFetchRequest(c.nowNs());
        c.electLeader(2); // the answer arrives after the role changed
        c.replica(2).handleFetchResponse(next, c.replica(1).handleFetch(next, c.nowNs()), c.nowNs());
        assertThat(c.replica(2).isLeader()).isTrue();
    }

    @Test
    void aLostFetchIsSentAgainAfterTheFetchTimeout() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        FetchRequest lost = c.replica(2).nextFetchRequest(c.nowNs());
        assertThat(lost).isNotNull();
        assertThat(c.replica(2).nextDeadlineNs()).isEqualTo(c.nowNs() + CONFIG.fetchTimeoutMs() * 1_000_000L);
        c.clock.advanceMs(CONFIG.fetchTimeoutMs());
        assertThat(c.replica(2).nextFetchRequest(c.nowNs())).isEqualTo(lost);
    }

    @Test
    void anUnansweredProposalIsSentAgainAfterTheRetryTime() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        long caughtUpNs = c.nowNs();
        assertThat(c.replica(1).nextDeadlineNs()).isEqualTo(caughtUpNs + 100_000_000L + 1); // the first ISR shrink
        c.clock.advanceMs(150);
        c.replica(1).tick(c.nowNs());
        AlterPartitionProposal p = c.replica(1).nextAlterPartition(c.nowNs());
        assertThat(p.newIsr()).containsExactly(1);
        c.clock.advanceMs(CONFIG.alterPartitionRetryMs() - 1);
        assertThat(c.replica(1).nextAlterPartition(c.nowNs())).isNull();
        c.clock.advanceMs(1);
        assertThat(c.replica(1).nextAlterPartition(c.nowNs())).isEqualTo(p);
    }

    @Test
    void aReplicaRemovedFromTheAssignmentStopsServing() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        ReplicaCluster.Answers waiting = c.produce(1, -1, 1);
        c.replica(1).onMetadata(new PartitionRegistration(List.of(2, 3), List.of(2, 3), 2, 1, 1), c.nowNs());
        assertThat(c.replica(1).role()).isEqualTo(PartitionReplica.Role.NONE);
        assertThat(waiting.only().error()).isEqualTo(ReplicationErrors.NOT_LEADER_OR_FOLLOWER);
        assertThat(c.replica(1).nextFetchRequest(c.nowNs())).isNull();
        assertThat(c.produce(1, 1, 1, 1).only().error()).isEqualTo(ReplicationErrors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void aRefusedAlterPartitionStandsUntilTheMetadataSettlesIt() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.clock.advanceMs(150);
        c.replica(1).tick(c.nowNs());
        AlterPartitionProposal p = c.replica(1).nextAlterPartition(c.nowNs());
        assertThat(p).isNotNull();
        assertThat(c.replica(1).nextAlterPartition(c.nowNs())).isNull(); // sent once, until the retry time

        // the controller changed the partition meanwhile — maybe by this very proposal, sent twice; the leader has
        // not heard yet, so it keeps counting the proposed ISR until the metadata says which state won
        PartitionRegistration next = new PartitionRegistration(c.registration.replicas(), List.of(1, 2, 3), 1, 0,
                c.registration.partitionEpoch() + 1);
        c.registration = next;
        AlterPartitionResponse answer = c.alterPartition(1, p);
        assertThat(answer.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        c.replica(1).onAlterPartitionResponse(p, answer, false, c.nowNs());
        assertThat(c.replica(1).pendingAlterPartition()).isEqualTo(p);

        c.replica(1).onMetadata(next, c.nowNs());
        assertThat(c.replica(1).pendingAlterPartition()).isNull();
        assertThat(c.replica(1).isr()).containsExactly(1, 2, 3);
    }

    /**
     * Broker 3 rejoins: the leader proposes it back, and the answer is FENCED_LEADER_EPOCH — the controller may have
     * applied another copy of the proposal and elected a new leader from the grown ISR. The deposed leader, not yet
     * told, must not go on committing with the ISR it started from (it did, and acknowledged writes the new leader,
     * broker 3, never had).
     */
    @Test
    void aFencedLeaderEpochAnswerKeepsTheProposedMemberHoldingTheHighWatermark() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        AlterPartitionProposal grow = proposeThreeBack(c);

        c.produce(1, -1, 1);
        c.fetch(2);
        c.fetch(2);
        assertThat(c.replica(1).highWatermark()).as("3 counts while proposed").isEqualTo(1);
        c.replica(1).onAlterPartitionResponse(grow, new AlterPartitionResponse(Errors.FENCED_LEADER_EPOCH, -1, -1,
                List.of(), -1), false, c.nowNs());
        c.fetch(2);
        assertThat(c.replica(1).highWatermark()).as("and still after the refusal").isEqualTo(1);
    }

    @Test
    void anIneligibleReplicaAnswerDropsTheProposalUnlessALaterCopyIsInFlight() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        AlterPartitionProposal grow = proposeThreeBack(c);
        AlterPartitionResponse ineligible = new AlterPartitionResponse(Errors.INELIGIBLE_REPLICA, -1, -1, List.of(),
                -1);
        c.replica(1).onAlterPartitionResponse(grow, ineligible, true, c.nowNs());
        assertThat(c.replica(1).pendingAlterPartition()).as("a resend may still be applied").isEqualTo(grow);
        c.replica(1).onAlterPartitionResponse(grow, ineligible, false, c.nowNs());
        assertThat(c.replica(1).pendingAlterPartition()).isNull();
    }

    /**
     * Broker 3 out of the ISR, one record committed by 1 and 2; 3 catches up and leader 1 proposes it back. The
     * proposal is taken but not answered (the controller is the test's).
     */
    private static AlterPartitionProposal proposeThreeBack(ReplicaCluster c) {
        c.setIsr(List.of(1, 2));
        c.autoAlterPartition = false;
        c.produce(1, -1, 1);
        c.fetch(2);
        c.fetch(2);
        c.fetch(3);
        c.fetch(3); // 3 reached the high watermark: proposed back in
        assertThat(c.replica(1).highWatermark()).isEqualTo(1);
        AlterPartitionProposal grow = c.replica(1).nextAlterPartition(c.nowNs());
        assertThat(grow.newIsr()).containsExactlyInAnyOrder(1, 2, 3);
        return grow;
    }

    @Test
    void everyRequestIsFencedByTheLeaderEpoch() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.electLeader(2);
        c.electLeader(1); // leader epoch 2
        assertThat(c.replica(1).leaderEpoch()).isEqualTo(2);

        assertThat(c.produce(1, 1, 1, 1).only().error()).isEqualTo(ReplicationErrors.FENCED_LEADER_EPOCH);
        assertThat(c.produce(1, 1, 1, 3).only().error()).isEqualTo(ReplicationErrors.UNKNOWN_LEADER_EPOCH);
        assertThat(c.produce(2, 1, 1, 2).only().error()).isEqualTo(ReplicationErrors.NOT_LEADER_OR_FOLLOWER);
        assertThat(c.replica(1).logEndOffset()).isZero();
        assertThat(c.produce(1, 1, 1, ReplicaMessage.NO_EPOCH).only().error()).isEqualTo(ReplicationErrors.NONE);

        FetchResponse stale = c.replica(1).handleFetch(new FetchRequest(2, 0, -1, 1, 1000), c.nowNs());
        assertThat(stale.error()).isEqualTo(ReplicationErrors.FENCED_LEADER_EPOCH);
        assertThat(stale.leaderEpoch()).isEqualTo(2);
        FetchResponse ahead = c.replica(1).handleFetch(new FetchRequest(-1, 0, -1, 5, 1000), c.nowNs());
        assertThat(ahead.error()).isEqualTo(ReplicationErrors.UNKNOWN_LEADER_EPOCH);
        OffsetForLeaderEpochResponse o = c.replica(1).handleOffsetForLeaderEpoch(
                new OffsetForLeaderEpochRequest(-1, 1, 0));
        assertThat(o.error()).isEqualTo(ReplicationErrors.FENCED_LEADER_EPOCH);
        assertThat(c.produce(1, 2, 1).only().error()).isEqualTo(ReplicationErrors.INVALID_REQUIRED_ACKS);
    }

    @Test
    void aRegistrationWithAnOlderLeaderEpochIsIgnored() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        PartitionRegistration old = c.registration;
        c.electLeader(2);
        c.replica(1).onMetadata(old, c.nowNs());
        assertThat(c.replica(1).role()).isEqualTo(PartitionReplica.Role.FOLLOWER);
        assertThat(c.replica(1).leaderEpoch()).isEqualTo(1);
        assertThat(c.replica(1).leaderId()).isEqualTo(2);
    }

    @Test
    void consumersReadOnlyBelowTheHighWatermarkFollowersUpToTheLogEnd() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.produce(1, 1, 1);
        c.catchUp();
        c.produce(1, 1, 1); // offset 1, not yet replicated
        PartitionReplica leader = c.replica(1);
        assertThat(leader.highWatermark()).isEqualTo(1);

        FetchResponse consumer = leader.handleFetch(new FetchRequest(-1, 0, -1, 0, 1 << 20), c.nowNs());
        assertThat(consumer.records().batchList()).hasSize(1);
        assertThat(leader.handleFetch(new FetchRequest(-1, 1, -1, 0, 1 << 20), c.nowNs()).records().sizeInBytes())
                .isZero();
        FetchResponse follower = leader.handleFetch(new FetchRequest(2, 1, 0, 0, 1 << 20), c.nowNs());
        assertThat(follower.records().batchList()).hasSize(1);
        assertThat(leader.handleFetch(new FetchRequest(-1, 5, -1, 0, 100), c.nowNs()).error())
                .isEqualTo(ReplicationErrors.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void offsetForLeaderEpochAnswersTheEndOfEachEpoch() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.produce(1, 1, 2); // epoch 0: offsets 0-1
        c.catchUp();
        c.electLeader(2); // epoch 1: nothing written
        c.electLeader(1); // epoch 2 starts at 2
        PartitionReplica leader = c.replica(1);
        assertThat(ask(leader, 0)).isEqualTo(List.of(0L, 2L));
        assertThat(ask(leader, 1)).isEqualTo(List.of(0L, 2L)); // largest epoch <= 1 is 0
        assertThat(ask(leader, 2)).isEqualTo(List.of(2L, 2L)); // ours, before any append in it
        c.produce(1, 1, 3);
        assertThat(ask(leader, 2)).isEqualTo(List.of(2L, 5L));
        assertThat(ask(leader, 3)).isEqualTo(List.of(-1L, -1L));
    }

    private static List<Long> ask(PartitionReplica leader, int epoch) {
        OffsetForLeaderEpochResponse r = leader.handleOffsetForLeaderEpoch(
                new OffsetForLeaderEpochRequest(-1, ReplicaMessage.NO_EPOCH, epoch));
        assertThat(r.error()).isEqualTo(ReplicationErrors.NONE);
        return List.of((long) r.leaderEpoch(), r.endOffset());
    }

    @Test
    void losingLeadershipFailsTheWaitingProducesAndTimeoutsExpireThem() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        ReplicaCluster.Answers waiting = c.produce(1, -1, 1);
        c.electLeader(2);
        assertThat(waiting.only().error()).isEqualTo(ReplicationErrors.NOT_LEADER_OR_FOLLOWER);

        ReplicaCluster.Answers slow = c.produce(2, -1, 1);
        assertThat(c.replica(2).nextDeadlineNs()).isLessThanOrEqualTo(c.nowNs() + 5_000_000_000L);
        c.clock.advanceMs(5_000);
        c.replica(2).tick(c.nowNs());
        assertThat(slow.only().error()).isEqualTo(ReplicationErrors.REQUEST_TIMED_OUT);
    }

    @Test
    void withFlushOnAppendAcksOneWaitsForTheFsyncAndTheHighWatermarkCountsDurableOffsets() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG.withFlushOnAppend(true));
        List<ReplicaMessage.ProduceResponse> answers = new ArrayList<>();
        c.replica(1).handleProduce(new ProduceRequest((short) 1, 0, TestBatches.batch(1L, 1, 4, 7), 5_000),
                c.nowNs(), answers::add);
        assertThat(answers).isEmpty();
        c.runDisks();
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).error()).isEqualTo(ReplicationErrors.NONE);

        c.fetch(2); // gets the record
        FetchRequest next = c.replica(2).nextFetchRequest(c.nowNs());
        assertThat(next).isNull(); // flushing first
        assertThat(c.replica(2).log().recoveryPoint()).isZero();
        c.runDisks();
        c.fetch(2);
        assertThat(c.replica(1).highWatermark()).isEqualTo(1);
    }
}
