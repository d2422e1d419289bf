package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One active controller over a {@link LocalMetadataLog}, with helpers that read like the protocol. */
final class ControllerHarness {

    static final long SESSION_TIMEOUT_NS = 9_000_000_000L;

    final LocalMetadataLog log = new LocalMetadataLog();
    final QuorumController controller = new QuorumController(log, SESSION_TIMEOUT_NS);
    long nowNs;

    ControllerHarness() {
        controller.activate(nowNs);
    }

    void commit() {
        log.commitAll(controller);
    }

    static UUID incarnation(int brokerId, int generation) {
        return new UUID(brokerId, generation);
    }

    /** Registers a broker (generation 0) and commits; returns its broker epoch. */
    long register(int brokerId) {
        return register(brokerId, 0);
    }

    long register(int brokerId, int generation) {
        ControllerResult<BrokerRegistrationReply> r = controller.registerBroker(new BrokerRegistrationRequest(brokerId,
                incarnation(brokerId, generation), List.of(new BrokerEndpoint("PLAINTEXT", "b" + brokerId, 9092,
                        (short) 0)), Optional.empty()), nowNs);
        assertThat(r.response().error()).isEqualTo(Errors.NONE);
        commit();
        return r.response().brokerEpoch();
    }

    /** A caught-up heartbeat from the broker's current registration; commits. */
    BrokerHeartbeatReply heartbeat(int brokerId) {
        long epoch = controller.pendingImage().broker(brokerId).epoch();
        BrokerHeartbeatReply reply = controller.heartbeat(new BrokerHeartbeatRequest(brokerId, epoch,
                controller.committedOffset(), false), nowNs).response();
        commit();
        return reply;
    }

    /** Registers and unfences brokers. */
    void liveBrokers(int... ids) {
        for (int id : ids) {
            register(id);
            assertThat(heartbeat(id).isFenced()).isFalse();
        }
    }

    CreateTopicResult createTopic(String name, int partitions, int replicationFactor) {
        CreateTopicResult r = controller.createTopics(List.of(new CreatableTopic(name, partitions, replicationFactor)),
                nowNs).response().get(0);
        commit();
        return r;
    }

    TopicImage topic(String name) {
        return controller.image().topicByName(name);
    }

    PartitionRegistration partition(String name, int partition) {
        return topic(name).partition(partition);
    }

    /** Advances time and heartbeats the given brokers, so the others' sessions lapse at the next tick. */
    void advanceKeeping(long ms, int... alive) {
        nowNs += ms * 1_000_000L;
        for (int id : alive) {
            heartbeat(id);
        }
    }

    List<Integer> tick() {
        List<Integer> fenced = controller.tick(nowNs).response();
        commit();
        return fenced;
    }
}
