package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Registration, heartbeats, session expiry and fencing (KIP-631), and what fencing does to partitions (KIP-841). */
class BrokerLifecycleTest {

    private final ControllerHarness h = new ControllerHarness();

    @Test
    void aBrokerRegistersFencedWithItsRecordOffsetAsEpoch() {
        ControllerResult<BrokerRegistrationReply> r = h.controller.registerBroker(new BrokerRegistrationRequest(1,
                ControllerHarness.incarnation(1, 0), List.of(), Optional.of("rack-a")), 0);
        assertThat(r.response().brokerEpoch()).isEqualTo(0);
        assertThat(r.records()).hasSize(1).first().isInstanceOf(RegisterBrokerRecord.class);
        // not visible, and the reply may not leave, before the commit
        assertThat(h.controller.isCommitted(r.commitOffset())).isFalse();
        assertThat(h.controller.image().broker(1)).isNull();
        h.commit();
        assertThat(h.controller.isCommitted(r.commitOffset())).isTrue();
        assertThat(h.controller.image().broker(1).fenced()).isTrue();
        assertThat(h.controller.image().broker(1).rack()).contains("rack-a");
    }

    @Test
    void aBrokerIsUnfencedOnlyOnceCaughtUpToItsRegistration() {
        h.register(0); // offset 0
        long epoch = h.register(1); // offset 1
        BrokerHeartbeatReply behind = h.controller.heartbeat(new BrokerHeartbeatRequest(1, epoch, epoch - 1, false),
                0).response();
        assertThat(behind.isCaughtUp()).isFalse();
        assertThat(behind.isFenced()).isTrue();
        BrokerHeartbeatReply wantsFence = h.controller.heartbeat(new BrokerHeartbeatRequest(1, epoch, epoch, true),
                0).response();
        assertThat(wantsFence.isCaughtUp()).isTrue();
        assertThat(wantsFence.isFenced()).isTrue();
        ControllerResult<BrokerHeartbeatReply> ok = h.controller.heartbeat(
                new BrokerHeartbeatRequest(1, epoch, epoch, false), 0);
        assertThat(ok.response().isFenced()).isFalse();
        assertThat(ok.records()).containsExactly(new UnfenceBrokerRecord(1, epoch));
        h.commit();
        assertThat(h.controller.image().isUnfenced(1)).isTrue();
    }

    @Test
    void heartbeatsFromUnknownBrokersOrOldEpochsAreRefused() {
        long epoch = h.register(1);
        assertThat(h.controller.heartbeat(new BrokerHeartbeatRequest(7, 0, 0, false), 0).response().error())
                .isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);
        assertThat(h.controller.heartbeat(new BrokerHeartbeatRequest(1, epoch + 5, 10, false), 0).response().error())
                .isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void aSecondLiveIncarnationIsRefusedButARestartAfterExpiryIsAccepted() {
        h.liveBrokers(1);
        BrokerRegistrationRequest other = new BrokerRegistrationRequest(1, ControllerHarness.incarnation(1, 1),
                List.of(), Optional.empty());
        assertThat(h.controller.registerBroker(other, h.nowNs).response().error())
                .isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);
        h.nowNs += ControllerHarness.SESSION_TIMEOUT_NS;
        ControllerResult<BrokerRegistrationReply> again = h.controller.registerBroker(other, h.nowNs);
        assertThat(again.response().error()).isEqualTo(Errors.NONE);
        h.commit();
        assertThat(h.controller.image().broker(1).incarnationId()).isEqualTo(other.incarnationId());
        assertThat(h.controller.image().broker(1).fenced()).isTrue();
    }

    @Test
    void aRestartedLeaderLeavesItsIsrsWhenItReRegisters() {
        h.liveBrokers(0, 1, 2);
        h.createTopic("t", 1, 3);
        int leader = h.partition("t", 0).leader();
        h.nowNs += ControllerHarness.SESSION_TIMEOUT_NS; // old incarnation's session lapsed, no tick yet
        h.register(leader, 1);
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.isr()).doesNotContain(leader).hasSize(2);
        assertThat(p.leader()).isNotEqualTo(leader).isNotEqualTo(-1);
        h.controller.image().checkInvariants();
    }

    @Test
    void sessionExpiryFencesTheBrokerAndMovesLeadershipWithinTheIsr() {
        h.liveBrokers(0, 1, 2);
        h.createTopic("t", 3, 3);
        h.advanceKeeping(5_000, 0, 1, 2);
        assertThat(h.tick()).isEmpty();
        h.advanceKeeping(5_000, 0, 2);
        assertThat(h.tick()).isEmpty(); // broker 1 silent for 5 s
        assertThat(h.controller.nextDeadlineNs()).isEqualTo(14_000_000_000L);
        h.advanceKeeping(5_000, 0, 2); // broker 1 silent for 10 s > 9 s
        assertThat(h.controller.nextDeadlineNs()).isLessThanOrEqualTo(h.nowNs);
        assertThat(h.tick()).containsExactly(1);
        assertThat(h.controller.image().broker(1).fenced()).isTrue();
        for (PartitionRegistration p : h.topic("t").partitions().values()) {
            assertThat(p.isr()).doesNotContain(1).hasSize(2);
            assertThat(p.leader()).isIn(0, 2);
            assertThat(p.partitionEpoch()).isEqualTo(1);
        }
        // exactly the partition(s) broker 1 led got a new leader epoch
        long bumped = h.topic("t").partitions().values().stream().filter(p -> p.leaderEpoch() == 1).count();
        assertThat(bumped).isEqualTo(1);
        h.controller.image().checkInvariants();
    }

    @Test
    void theLastIsrMemberStaysAndThePartitionGoesLeaderlessUntilItReturns() {
        h.liveBrokers(0, 1);
        h.createTopic("t", 1, 2);
        h.advanceKeeping(10_000, 1);
        h.tick(); // fences 0
        h.advanceKeeping(10_000);
        h.tick(); // fences 1, the last ISR member
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(-1);
        assertThat(p.isr()).hasSize(1);
        int last = p.isr().get(0);
        int other = 1 - last;
        h.heartbeat(other); // the broker outside the ISR comes back: no unclean election
        assertThat(h.partition("t", 0).leader()).isEqualTo(-1);
        h.heartbeat(last);
        assertThat(h.partition("t", 0).leader()).isEqualTo(last);
        assertThat(h.partition("t", 0).leaderEpoch()).isEqualTo(p.leaderEpoch() + 1);
        h.controller.image().checkInvariants();
    }

    @Test
    void uncleanElectionPicksAReplicaOutsideTheIsrOnlyWhenTheTopicAllowsIt() {
        h.liveBrokers(0, 1);
        h.controller.createTopics(List.of(new CreatableTopic("u", 1, 2,
                java.util.Map.of(ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE, "true"))), h.nowNs);
        h.commit();
        h.advanceKeeping(10_000, 1);
        h.tick();
        h.advanceKeeping(10_000);
        h.tick();
        int last = h.partition("u", 0).isr().get(0);
        h.heartbeat(1 - last);
        PartitionRegistration p = h.partition("u", 0);
        assertThat(p.leader()).isEqualTo(1 - last);
        assertThat(p.isr()).containsExactly(1 - last);
    }

    @Test
    void controlledShutdownMovesLeadershipFirstAndLetsTheBrokerGoOnceCommitted() {
        h.liveBrokers(0, 1, 2);
        h.createTopic("t", 3, 2);
        long epoch = h.controller.image().broker(0).epoch();
        BrokerHeartbeatRequest shutDown = new BrokerHeartbeatRequest(0, epoch, h.controller.committedOffset(), false,
                true);
        BrokerHeartbeatReply first = h.controller.heartbeat(shutDown, h.nowNs).response();
        assertThat(first.shouldShutDown()).isFalse();
        assertThat(first.isFenced()).isFalse();
        // asked again before the hand-over committed: still not allowed to stop
        assertThat(h.controller.heartbeat(shutDown, h.nowNs).response().shouldShutDown()).isFalse();
        h.commit();
        BrokerRegistration b = h.controller.image().broker(0);
        assertThat(b.inControlledShutdown()).isTrue();
        assertThat(b.fenced()).isFalse();
        for (PartitionRegistration p : h.topic("t").partitions().values()) {
            assertThat(p.leader()).isNotEqualTo(0);
            assertThat(p.isr()).doesNotContain(0);
        }
        // a shutting-down broker gets no new replicas
        h.createTopic("u", 3, 2);
        for (PartitionRegistration p : h.topic("u").partitions().values()) {
            assertThat(p.replicas()).doesNotContain(0);
        }
        BrokerHeartbeatReply last = h.controller.heartbeat(shutDown, h.nowNs).response();
        h.commit();
        assertThat(last.shouldShutDown()).isTrue();
        assertThat(last.isFenced()).isTrue();
        assertThat(h.controller.image().broker(0).fenced()).isTrue();
        // it does not come back by heartbeating; it registers anew
        assertThat(h.heartbeat(0).isFenced()).isTrue();
        h.register(0, 1);
        assertThat(h.heartbeat(0).isFenced()).isFalse();
        assertThat(h.controller.image().broker(0).inControlledShutdown()).isFalse();
    }

    @Test
    void aShuttingDownBrokerCannotRejoinAnIsr() {
        h.liveBrokers(0, 1);
        UUID id = h.createTopic("t", 1, 2).topicId().orElseThrow();
        PartitionRegistration p = h.partition("t", 0);
        int follower = p.replicas().get(1);
        long leaderEpoch = h.controller.image().broker(p.leader()).epoch();
        h.controller.alterPartition(new AlterPartitionRequest(p.leader(), leaderEpoch, id, 0, 0, 0,
                List.of(p.leader())), h.nowNs);
        h.commit();
        long followerEpoch = h.controller.image().broker(follower).epoch();
        h.controller.heartbeat(new BrokerHeartbeatRequest(follower, followerEpoch, h.controller.committedOffset(),
                false, true), h.nowNs);
        h.commit();
        assertThat(h.controller.alterPartition(new AlterPartitionRequest(p.leader(), leaderEpoch, id, 0, 0, 1,
                p.replicas()), h.nowNs).response().error()).isEqualTo(Errors.INELIGIBLE_REPLICA);
    }

    @Test
    void aFencedBrokerMayShutDownAtOnce() {
        h.register(3);
        long epoch = h.controller.image().broker(3).epoch();
        ControllerResult<BrokerHeartbeatReply> r = h.controller.heartbeat(new BrokerHeartbeatRequest(3, epoch, 0,
                false, true), h.nowNs);
        assertThat(r.response().shouldShutDown()).isTrue();
        assertThat(r.records()).isEmpty();
    }

    @Test
    void aBrokerAskingToBeFencedLeavesItsPartitions() {
        h.liveBrokers(0, 1);
        h.createTopic("t", 2, 2);
        long epoch = h.controller.image().broker(0).epoch();
        BrokerHeartbeatReply r = h.controller.heartbeat(new BrokerHeartbeatRequest(0, epoch,
                h.controller.committedOffset(), true), h.nowNs).response();
        h.commit();
        assertThat(r.isFenced()).isTrue();
        for (PartitionRegistration p : h.topic("t").partitions().values()) {
            assertThat(p.isr()).containsExactly(1);
            assertThat(p.leader()).isEqualTo(1);
        }
    }
}
