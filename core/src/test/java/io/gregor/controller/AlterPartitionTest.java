package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AlterPartition from a partition leader: ISR changes and the epochs that fence stale proposals. */
class AlterPartitionTest {

    private final ControllerHarness h = new ControllerHarness();
    private UUID topicId;
    private PartitionRegistration p;

    @BeforeEach
    void threeReplicas() {
        h.liveBrokers(0, 1, 2);
        topicId = h.createTopic("t", 1, 3).topicId().orElseThrow();
        p = h.partition("t", 0);
    }

    private AlterPartitionResponse alter(int broker, int leaderEpoch, int partitionEpoch, List<Integer> isr) {
        long brokerEpoch = h.controller.pendingImage().broker(broker).epoch();
        AlterPartitionResponse r = h.controller.alterPartition(new AlterPartitionRequest(broker, brokerEpoch, topicId,
                0, leaderEpoch, partitionEpoch, isr), h.nowNs).response();
        h.commit();
        return r;
    }

    private List<Integer> without(int broker) {
        List<Integer> isr = new java.util.ArrayList<>(p.isr());
        isr.remove(Integer.valueOf(broker));
        return isr;
    }

    private int follower() {
        return p.replicas().get(1);
    }

    @Test
    void theLeaderShrinksTheIsrAndOnlyThePartitionEpochMoves() {
        AlterPartitionResponse r = alter(p.leader(), 0, 0, without(follower()));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.isr()).isEqualTo(without(follower()));
        assertThat(r.partitionEpoch()).isEqualTo(1);
        assertThat(r.leaderEpoch()).isZero();
        assertThat(h.partition("t", 0).isr()).isEqualTo(r.isr());
        // and expands it again from the new partition epoch
        assertThat(alter(p.leader(), 0, 1, p.isr()).error()).isEqualTo(Errors.NONE);
        assertThat(h.partition("t", 0).isr()).isEqualTo(p.isr());
        assertThat(h.partition("t", 0).partitionEpoch()).isEqualTo(2);
    }

    @Test
    void aProposalFromAnOlderLeaderEpochIsFenced() {
        h.advanceKeeping(10_000, follower(), p.replicas().get(2));
        h.tick(); // the leader is fenced: new leader, leader epoch 1
        int newLeader = h.partition("t", 0).leader();
        assertThat(alter(newLeader, 0, 1, h.partition("t", 0).isr()).error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(alter(newLeader, 2, 1, h.partition("t", 0).isr()).error()).isEqualTo(Errors.NOT_CONTROLLER);
    }

    @Test
    void aProposalBasedOnAnOldPartitionEpochIsRejected() {
        assertThat(alter(p.leader(), 0, 0, without(follower())).error()).isEqualTo(Errors.NONE);
        assertThat(alter(p.leader(), 0, 0, without(p.replicas().get(2))).error())
                .isEqualTo(Errors.INVALID_UPDATE_VERSION);
    }

    @Test
    void addingAFencedBrokerIsIneligible() {
        assertThat(alter(p.leader(), 0, 0, without(follower())).error()).isEqualTo(Errors.NONE);
        h.advanceKeeping(10_000, p.leader(), p.replicas().get(2));
        h.tick(); // fences the follower that is out of the ISR
        assertThat(h.controller.image().isUnfenced(follower())).isFalse();
        assertThat(alter(p.leader(), 0, 1, p.isr()).error()).isEqualTo(Errors.INELIGIBLE_REPLICA);
        assertThat(h.partition("t", 0).isr()).doesNotContain(follower());
    }

    @Test
    void malformedOrMisdirectedRequestsAreRejected() {
        assertThat(alter(follower(), 0, 0, p.isr()).error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(alter(p.leader(), 0, 0, List.of(follower())).error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(alter(p.leader(), 0, 0, List.of(p.leader(), p.leader())).error())
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(alter(p.leader(), 0, 0, List.of(p.leader(), 9)).error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(h.controller.alterPartition(new AlterPartitionRequest(p.leader(), 999, topicId, 0, 0, 0, p.isr()),
                0).response().error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
        long epoch = h.controller.image().broker(p.leader()).epoch();
        assertThat(h.controller.alterPartition(new AlterPartitionRequest(p.leader(), epoch, new UUID(1, 1), 0, 0, 0,
                p.isr()), 0).response().error()).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        assertThat(h.controller.alterPartition(new AlterPartitionRequest(p.leader(), epoch, topicId, 5, 0, 0,
                p.isr()), 0).response().error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(h.partition("t", 0)).isEqualTo(p);
    }

    @Test
    void anUnchangedIsrWritesNothing() {
        long brokerEpoch = h.controller.image().broker(p.leader()).epoch();
        ControllerResult<AlterPartitionResponse> r = h.controller.alterPartition(new AlterPartitionRequest(p.leader(),
                brokerEpoch, topicId, 0, 0, 0, p.isr()), 0);
        assertThat(r.records()).isEmpty();
        assertThat(r.commitOffset()).isEqualTo(-1);
        assertThat(r.response().partitionEpoch()).isZero();
    }
}
