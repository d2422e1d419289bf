package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KIP-966 in the controller: a replica that leaves the ISR while the ISR is left below min.insync.replicas becomes an
 * eligible leader replica (the brokers' strict min ISR holds the high watermark, so it keeps every committed record);
 * it may lead when no ISR member can; and a broker that registers again after an unclean shutdown — its unflushed
 * tail maybe gone — leaves every ISR and ELR, as the last ISR member too when an ELR member can take its place.
 */
class EligibleLeaderReplicasTest {

    private final ControllerHarness h = new ControllerHarness();
    private UUID topicId;
    /** The replicas in assignment order: {@code a} leads first, {@code b} is preferred next. */
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void topicWithMinIsrTwo() {
        h.liveBrokers(0, 1, 2);
        CreateTopicResult r = h.controller.createTopics(List.of(new CreatableTopic("t", 1, 3,
                Map.of(ConfigRecord.MIN_INSYNC_REPLICAS, "2"))), h.nowNs).response().get(0);
        h.commit();
        assertThat(r.error()).isEqualTo(Errors.NONE);
        topicId = r.topicId().orElseThrow();
        assertThat(h.topic("t").minInsyncReplicas()).isEqualTo(2);
        List<Integer> replicas = h.partition("t", 0).replicas();
        a = replicas.get(0);
        b = replicas.get(1);
        c = replicas.get(2);
        assertThat(h.partition("t", 0).leader()).isEqualTo(a);
    }

    private PartitionRegistration p() {
        return h.partition("t", 0);
    }

    private void shrinkTo(List<Integer> isr) {
        PartitionRegistration p = p();
        long brokerEpoch = h.controller.pendingImage().broker(p.leader()).epoch();
        AlterPartitionResponse r = h.controller.alterPartition(new AlterPartitionRequest(p.leader(), brokerEpoch,
                topicId, 0, p.leaderEpoch(), p.partitionEpoch(), isr), h.nowNs).response();
        h.commit();
        assertThat(r.error()).isEqualTo(Errors.NONE);
    }

    @Test
    void replicasLeavingTheIsrBelowMinIsrBecomeEligibleAndTheElrEmptiesAtMinIsr() {
        shrinkTo(List.of(a, b)); // still at min ISR: 2 holds nothing the others need
        assertThat(p().elr()).isEmpty();
        shrinkTo(List.of(a)); // below: 1 keeps everything committed from now on
        assertThat(p().isr()).containsExactly(a);
        assertThat(p().elr()).containsExactly(b);
        shrinkTo(List.of(a, c)); // back at min ISR
        assertThat(p().elr()).isEmpty();
    }

    @Test
    void whenTheLastIsrMemberIsFencedAnEligibleReplicaLeads() {
        shrinkTo(List.of(a, b));
        shrinkTo(List.of(a));
        h.advanceKeeping(10_000, b, c);
        h.tick(); // a is fenced
        assertThat(p().leader()).isEqualTo(b);
        assertThat(p().isr()).containsExactly(b);
        assertThat(p().elr()).as("a left the ISR below min ISR, holding everything committed").containsExactly(a);
    }

    @Test
    void anUncleanRestartOfTheLastIsrMemberHandsTheIsrToAnEligibleReplica() {
        shrinkTo(List.of(a, b));
        shrinkTo(List.of(a));
        h.advanceKeeping(10_000, b, c); // a crashed; its session lapses (no tick has fenced it yet)
        h.register(a, 1); // and it comes back: its unflushed tail may be gone
        assertThat(p().isr()).containsExactly(b);
        assertThat(p().leader()).isEqualTo(b);
        assertThat(p().elr()).as("an unclean restart is no longer eligible").isEmpty();
        assertThat(h.heartbeat(a).isFenced()).isFalse();
        assertThat(p().leader()).as("unfencing a does not make it leader again").isEqualTo(b);
    }

    @Test
    void anUncleanRestartLeavesTheElrAndWithNobodyEligibleTheLastMemberStays() {
        shrinkTo(List.of(a, b));
        shrinkTo(List.of(a));
        h.advanceKeeping(10_000, a, c);
        h.register(b, 1); // the eligible replica restarts uncleanly: not eligible any more
        assertThat(p().elr()).isEmpty();
        assertThat(p().isr()).containsExactly(a);
        h.advanceKeeping(10_000, b, c);
        h.register(a, 1); // then the last member: nobody else is known to hold the records, so it stays (KIP-841)
        assertThat(p().isr()).containsExactly(a);
        assertThat(p().leader()).isEqualTo(-1);
        h.heartbeat(a);
        assertThat(p().leader()).isEqualTo(a);
    }

    @Test
    void aCleanRestartKeepsItsPlaces() {
        shrinkTo(List.of(a, b));
        shrinkTo(List.of(a));
        long epoch = h.controller.image().broker(b).epoch();
        h.advanceKeeping(10_000, a, c); // b shut down cleanly, recording its broker epoch
        ControllerResult<BrokerRegistrationReply> r = h.controller.registerBroker(new BrokerRegistrationRequest(b,
                ControllerHarness.incarnation(b, 1), List.of(new BrokerEndpoint("PLAINTEXT", "b" + b, 9092,
                        (short) 0)), java.util.Optional.empty(), epoch), h.nowNs);
        h.commit();
        assertThat(r.response().error()).isEqualTo(Errors.NONE);
        assertThat(p().elr()).containsExactly(b);
    }

    @Test
    void theSameProcessRegisteringAgainKeepsItsPlaces() {
        shrinkTo(List.of(a, b));
        shrinkTo(List.of(a));
        h.advanceKeeping(10_000, a, c);
        h.register(b, 0); // b's registration was lost; the same incarnation registers again: no restart, no loss
        assertThat(p().elr()).containsExactly(b);
    }
}
