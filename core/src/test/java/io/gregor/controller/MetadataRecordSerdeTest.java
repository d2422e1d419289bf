package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataRecordSerdeTest {

    static List<MetadataRecord> oneOfEach() {
        UUID topic = ReplicationControl.topicIdFor(3);
        return List.of(
                new RegisterBrokerRecord(1, new UUID(5, 6), 7, List.of(new BrokerEndpoint("PLAINTEXT", "höst", 9092,
                        (short) 0)), Optional.of("r1"), true),
                new BrokerRegistrationChangeRecord(1, 7, BrokerRegistrationChangeRecord.FencingChange.UNFENCE,
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.IN_CONTROLLED_SHUTDOWN),
                new FenceBrokerRecord(1, 7),
                new UnfenceBrokerRecord(1, 7),
                new TopicRecord("t", topic),
                new PartitionRecord(topic, 0, List.of(1, 2, 3), List.of(2, 1), 2, 4, 9),
                new PartitionChangeRecord(topic, 0, Optional.of(List.of(1)), PartitionChangeRecord.NO_LEADER_CHANGE),
                new PartitionChangeRecord(topic, 0, Optional.empty(), -1),
                new RemoveTopicRecord(topic),
                new ConfigRecord("t", ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE, Optional.empty()));
    }

    @Test
    void everyRecordTypeRoundTrips() {
        TreeSet<String> covered = new TreeSet<>();
        for (MetadataRecord r : oneOfEach()) {
            assertThat(MetadataRecordSerde.deserialize(MetadataRecordSerde.serialize(r))).isEqualTo(r);
            covered.add(r.getClass().getSimpleName());
        }
        TreeSet<String> all = new TreeSet<>();
        for (Class<?> c : MetadataRecord.class.getPermittedSubclasses()) {
            all.add(c.getSimpleName());
        }
        assertThat(covered).isEqualTo(all);
    }

    @Test
    void everyPrefixOfARecordIsATruncationError() {
        for (MetadataRecord r : oneOfEach()) {
            byte[] bytes = MetadataRecordSerde.serialize(r);
            for (int len = 0; len < bytes.length; len++) {
                byte[] prefix = Arrays.copyOf(bytes, len);
                assertThatThrownBy(() -> MetadataRecordSerde.deserialize(prefix))
                        .isInstanceOf(MetadataParseException.class);
            }
        }
    }

    @Test
    void badHeadersAndTrailingBytesGiveOneLineErrors() {
        byte[] ok = MetadataRecordSerde.serialize(new FenceBrokerRecord(1, 2));
        byte[] frame = ok.clone();
        frame[0] = 9;
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(frame)).isInstanceOf(MetadataParseException.class)
                .hasMessage("unknown metadata frame version 9 (expected 1)");
        byte[] type = ok.clone();
        type[2] = 99;
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(type)).hasMessage("unknown metadata record type 99");
        byte[] version = ok.clone();
        version[4] = 3;
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(version))
                .hasMessageContaining("unsupported version 3");
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(longer)).hasMessageContaining("1 trailing bytes");
        byte[] negativeBroker = MetadataRecordSerde.serialize(new FenceBrokerRecord(1, 2));
        negativeBroker[5] = (byte) 0xff;
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(negativeBroker))
                .isInstanceOf(MetadataParseException.class).hasMessageContaining("non-negative");
    }

    @Test
    void aPartitionRecordWhoseLeaderIsOutsideTheIsrIsRejectedOnRead() {
        byte[] bytes = MetadataRecordSerde.serialize(new PartitionRecord(new UUID(0, 1), 0, List.of(1, 2),
                List.of(1), 1, 0, 0));
        bytes[bytes.length - 13] = 2; // leader := 2 (before the epochs and the empty elr), which is not in the isr
        assertThatThrownBy(() -> MetadataRecordSerde.deserialize(bytes)).isInstanceOf(MetadataParseException.class)
                .hasMessageContaining("not in the isr");
    }

    @Test
    void everyErrorHasItsKafkaCode() {
        assertThat(Errors.FENCED_LEADER_EPOCH.code()).isEqualTo((short) 74);
        assertThat(Errors.INELIGIBLE_REPLICA.code()).isEqualTo((short) 107);
        for (Errors e : Errors.values()) {
            assertThat(Errors.forCode(e.code())).isSameAs(e);
        }
    }
}
