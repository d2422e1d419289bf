package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.common.InvariantViolation;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Replaying records into the image, and the checks that a record fits the image. */
class MetadataImageTest {

    private static final UUID TOPIC = ReplicationControl.topicIdFor(2);

    private static MetadataImage twoBrokersOneTopic() {
        return MetadataImage.EMPTY.applyAll(List.of(
                new RegisterBrokerRecord(1, new UUID(1, 0), 0, List.of(), Optional.empty(), true),
                new RegisterBrokerRecord(2, new UUID(2, 0), 1, List.of(), Optional.empty(), true),
                new UnfenceBrokerRecord(1, 0),
                new BrokerRegistrationChangeRecord(2, 1, BrokerRegistrationChangeRecord.FencingChange.UNFENCE),
                new TopicRecord("t", TOPIC),
                new PartitionRecord(TOPIC, 0, List.of(1, 2), List.of(1, 2), 1, 0, 0)));
    }

    @Test
    void everyRecordTypeHasAnImageRule() {
        MetadataImage image = twoBrokersOneTopic();
        List<MetadataRecord> rest = List.of(
                new ConfigRecord("t", ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE, Optional.of("true")),
                new PartitionChangeRecord(TOPIC, 0, Optional.of(List.of(2)), 2),
                new FenceBrokerRecord(1, 0),
                new RemoveTopicRecord(TOPIC));
        assertThat(image.isUnfenced(2)).isTrue();
        image = image.applyAll(rest.subList(0, 2));
        assertThat(image.topicByName("t").uncleanLeaderElectionEnabled()).isTrue();
        assertThat(image.topicByName("t").partition(0)).isEqualTo(new PartitionRegistration(List.of(1, 2), List.of(2),
                2, 1, 1));
        image = image.applyAll(rest.subList(2, 4));
        assertThat(image.isUnfenced(1)).isFalse();
        assertThat(image.topics()).isEmpty();
        assertThat(image.topicIdsByName()).isEmpty();
        // every record type in the sealed family has now been applied once
        assertThat(simpleNames(MetadataRecordSerdeTest.oneOfEach())).isEqualTo(
                simpleNames(MetadataRecord.class.getPermittedSubclasses()));
    }

    private static java.util.TreeSet<String> simpleNames(List<?> objects) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (Object o : objects) {
            out.add(o.getClass().getSimpleName());
        }
        return out;
    }

    private static java.util.TreeSet<String> simpleNames(Class<?>[] classes) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (Class<?> c : classes) {
            out.add(c.getSimpleName());
        }
        return out;
    }

    @Test
    void onlyALeaderChangeBumpsTheLeaderEpoch() {
        MetadataImage image = twoBrokersOneTopic().apply(new PartitionChangeRecord(TOPIC, 0, Optional.of(List.of(1)),
                PartitionChangeRecord.NO_LEADER_CHANGE));
        PartitionRegistration p = image.topic(TOPIC).partition(0);
        assertThat(p.leaderEpoch()).isZero();
        assertThat(p.partitionEpoch()).isEqualTo(1);
    }

    @Test
    void recordsThatDoNotFitTheImageBreakAnInvariant() {
        MetadataImage image = twoBrokersOneTopic();
        assertThatThrownBy(() -> image.apply(new FenceBrokerRecord(1, 99))).isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("epoch 99");
        assertThatThrownBy(() -> image.apply(new TopicRecord("t", new UUID(9, 9))))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("created twice");
        assertThatThrownBy(() -> image.apply(new PartitionChangeRecord(TOPIC, 0, Optional.of(List.of(2)),
                PartitionChangeRecord.NO_LEADER_CHANGE))).isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("not in the isr");
        assertThatThrownBy(() -> image.apply(new RegisterBrokerRecord(1, new UUID(1, 1), 0, List.of(),
                Optional.empty(), true))).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void violationsNameAFencedLeaderAndAFencedIsrMember() {
        MetadataImage image = twoBrokersOneTopic().apply(new FenceBrokerRecord(1, 0));
        assertThat(image.violations()).containsExactly("t-0: leader 1 is fenced or shutting down",
                "t-0: fenced or shutting-down broker 1 in isr [1, 2]");
    }

    @Test
    void theDispatcherServesEveryRequestType() {
        ControllerHarness h = new ControllerHarness();
        h.liveBrokers(0);
        UUID id = h.createTopic("t", 1, 1).topicId().orElseThrow();
        long epoch = h.controller.image().broker(0).epoch();
        List<ControllerRequest> requests = List.of(
                new BrokerRegistrationRequest(1, new UUID(1, 0), List.of(), Optional.empty()),
                new BrokerHeartbeatRequest(0, epoch, h.controller.committedOffset(), false),
                new CreateTopicsRequest(List.of(new CreatableTopic("u", 1, 1))),
                new AlterPartitionRequest(0, epoch, id, 0, 0, 0, List.of(0)),
                new DeleteTopicsRequest(List.of("t")));
        assertThat(simpleNames(requests)).isEqualTo(simpleNames(ControllerRequest.class.getPermittedSubclasses()));
        for (ControllerRequest r : requests) {
            assertThat(h.controller.handle(r, h.nowNs).response()).isNotNull();
        }
        h.commit();
        assertThat(h.controller.image().topicIdsByName().keySet()).containsExactly("u");
        assertThat(h.controller.image().broker(1)).isNotNull();
    }
}
