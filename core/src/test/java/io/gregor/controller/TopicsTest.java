package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** CreateTopics and DeleteTopics: validation, error codes, deterministic ids and assignment. */
class TopicsTest {

    private final ControllerHarness h = new ControllerHarness();

    @Test
    void aTopicGetsADeterministicIdAndRoundRobinReplicas() {
        h.liveBrokers(0, 1, 2);
        long offset = h.log.endOffset();
        CreateTopicResult r = h.createTopic("orders", 6, 2);
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.topicId()).contains(ReplicationControl.topicIdFor(offset));
        TopicImage t = h.topic("orders");
        TreeMap<Integer, Integer> ledBy = new TreeMap<>();
        for (PartitionRegistration p : t.partitions().values()) {
            assertThat(p.replicas()).hasSize(2).doesNotHaveDuplicates();
            assertThat(p.isr()).isEqualTo(p.replicas());
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.leaderEpoch()).isZero();
            assertThat(p.partitionEpoch()).isZero();
            ledBy.merge(p.leader(), 1, Integer::sum);
        }
        assertThat(ledBy).containsExactly(Map.entry(0, 2), Map.entry(1, 2), Map.entry(2, 2));
    }

    @Test
    void theSameRequestOnTheSameClusterGivesTheSameAssignment() {
        ControllerHarness other = new ControllerHarness();
        h.liveBrokers(0, 1, 2, 3);
        other.liveBrokers(0, 1, 2, 3);
        h.createTopic("x", 8, 3);
        other.createTopic("x", 8, 3);
        assertThat(h.topic("x")).isEqualTo(other.topic("x"));
    }

    @Test
    void placementOnlyUsesUnfencedBrokers() {
        h.liveBrokers(0, 1);
        h.register(2); // fenced
        assertThat(h.createTopic("t", 4, 3).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        h.createTopic("t", 4, 2);
        for (PartitionRegistration p : h.topic("t").partitions().values()) {
            assertThat(p.replicas()).doesNotContain(2);
        }
    }

    @Test
    void invalidRequestsAreAnsweredWithKafkasErrorCodes() {
        h.liveBrokers(0, 1);
        assertThat(h.createTopic("a", 1, 1).error()).isEqualTo(Errors.NONE);
        assertThat(h.createTopic("a", 1, 1).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(h.createTopic("b", 0, 1).error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(h.createTopic("b", -3, 1).error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(h.createTopic("b", 1, 0).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(h.createTopic("b", 1, 3).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(h.createTopic("bad name", 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(h.createTopic("..", 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(h.createTopic("x".repeat(250), 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(h.controller.createTopics(List.of(new CreatableTopic("c", 1, 1,
                Map.of("retention.ms", "1"))), 0).response().get(0).error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(h.controller.createTopics(List.of(new CreatableTopic("c", 1, 1,
                Map.of(ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE, "yes"))), 0).response().get(0).error())
                .isEqualTo(Errors.INVALID_CONFIG);
        List<CreateTopicResult> dup = h.controller.createTopics(List.of(new CreatableTopic("d", 1, 1),
                new CreatableTopic("d", 1, 1)), 0).response();
        assertThat(dup).extracting(CreateTopicResult::error).containsExactly(Errors.INVALID_REQUEST,
                Errors.INVALID_REQUEST);
        assertThat(h.createTopic("big", ReplicationControl.MAX_RECORDS_PER_BATCH, 1).error())
                .isEqualTo(Errors.POLICY_VIOLATION);
        assertThat(h.controller.image().topics()).hasSize(1);
    }

    @Test
    void aNameTakenByAnUncommittedCreateIsAlreadyTaken() {
        h.liveBrokers(0);
        assertThat(h.controller.createTopics(List.of(new CreatableTopic("t", 1, 1)), 0).response().get(0).error())
                .isEqualTo(Errors.NONE);
        assertThat(h.controller.createTopics(List.of(new CreatableTopic("t", 1, 1)), 0).response().get(0).error())
                .isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        h.commit();
        assertThat(h.controller.image().topics()).hasSize(1);
    }

    @Test
    void deletingRemovesTheTopicAndUnknownNamesAreReported() {
        h.liveBrokers(0);
        h.createTopic("t", 2, 1);
        List<DeleteTopicResult> r = h.controller.deleteTopics(List.of("t", "nope"), 0).response();
        assertThat(r).extracting(DeleteTopicResult::error).containsExactly(Errors.NONE,
                Errors.UNKNOWN_TOPIC_OR_PARTITION);
        h.commit();
        assertThat(h.topic("t")).isNull();
        assertThat(h.createTopic("t", 1, 1).error()).isEqualTo(Errors.NONE); // the name is free again, new id
    }

    @Test
    void aStandbyAnswersNotController() {
        QuorumController standby = new QuorumController(new LocalMetadataLog(), ControllerHarness.SESSION_TIMEOUT_NS);
        assertThat(standby.createTopics(List.of(new CreatableTopic("t", 1, 1)), 0).response().get(0).error())
                .isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(standby.deleteTopics(List.of("t"), 0).response().get(0).error()).isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(standby.heartbeat(new BrokerHeartbeatRequest(0, 0, 0, false), 0).response().error())
                .isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(standby.tick(Long.MAX_VALUE).records()).isEmpty();
    }

    @Test
    void resigningDropsUncommittedWorkAndAStandbyReplaysCommits() {
        h.liveBrokers(0);
        h.controller.createTopics(List.of(new CreatableTopic("lost", 1, 1)), 0);
        assertThat(h.controller.pendingImage().topicByName("lost")).isNotNull();
        h.controller.resign();
        h.log.truncateUncommitted();
        assertThat(h.controller.pendingImage()).isEqualTo(h.controller.image());
        h.controller.activate(h.nowNs);
        assertThat(h.createTopic("lost", 1, 1).error()).isEqualTo(Errors.NONE);
        QuorumController standby = new QuorumController(new LocalMetadataLog(), ControllerHarness.SESSION_TIMEOUT_NS);
        standby.handleCommit(0, h.log.committedRecords());
        assertThat(standby.image()).isEqualTo(h.controller.image());
    }
}
