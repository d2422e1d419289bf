package io.gregor.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.log.MemoryRecords;
import io.gregor.log.TestBatches;
import io.gregor.replication.ReplicaMessage.DivergingEpoch;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochRequest;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The messages refuse bad values at construction, and every kind is known here. */
class ReplicaMessageTest {

    @Test
    void everyMessageKindIsListed() {
        // a new message type must be handled by the broker's dispatcher and added here
        assertThat(Arrays.stream(ReplicaMessage.class.getPermittedSubclasses()).map(Class::getSimpleName).toList())
                .containsExactlyInAnyOrder("FetchRequest", "FetchResponse", "ProduceRequest", "ProduceResponse",
                        "OffsetForLeaderEpochRequest", "OffsetForLeaderEpochResponse");
    }

    @Test
    void badValuesAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new FetchRequest(2, -1, 0, 0, 100)).hasMessageContaining("fetchOffset");
        assertThatThrownBy(() -> new FetchRequest(2, 0, -2, 0, 100)).hasMessageContaining("lastFetchedEpoch");
        assertThatThrownBy(() -> new FetchRequest(-2, 0, 0, 0, 100)).hasMessageContaining("replicaId");
        assertThatThrownBy(() -> new OffsetForLeaderEpochRequest(-1, 0, -1)).hasMessageContaining("leaderEpoch");
        assertThatThrownBy(() -> new ProduceRequest((short) 1, 0, TestBatches.batch(1, 1), -5))
                .hasMessageContaining("timeoutMs");
        assertThatThrownBy(() -> new FetchResponse(ReplicationErrors.NONE, 0, 0, 0, 1, new DivergingEpoch(0, 0),
                MemoryRecords.of(TestBatches.batch(1, 1)))).hasMessageContaining("no records");
        assertThatThrownBy(() -> new AlterPartitionProposal(0, 0, List.of())).hasMessageContaining("empty");
    }

    @Test
    void errorCodesAreKafkas() {
        assertThat(ReplicationErrors.NOT_ENOUGH_REPLICAS.code()).isEqualTo((short) 19);
        assertThat(ReplicationErrors.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code()).isEqualTo((short) 20);
        assertThat(ReplicationErrors.FENCED_LEADER_EPOCH.code()).isEqualTo((short) 74);
        assertThat(ReplicationErrors.UNKNOWN_LEADER_EPOCH.code()).isEqualTo((short) 76);
        assertThat(ReplicationErrors.forCode(6)).isEqualTo(ReplicationErrors.NOT_LEADER_OR_FOLLOWER);
        assertThat(ReplicationErrors.forCode(9999)).isNull();
        assertThat(ReplicationErrors.INVALID_REQUIRED_ACKS.retriable()).isFalse();
    }

    @Test
    void aProposalBecomesTheControllersRequest() {
        UUID topic = new UUID(1, 2);
        var request = new AlterPartitionProposal(3, 7, List.of(1, 2)).toRequest(1, 42L, topic, 0);
        assertThat(request.leaderEpoch()).isEqualTo(3);
        assertThat(request.partitionEpoch()).isEqualTo(7);
        assertThat(request.newIsr()).containsExactly(1, 2);
        assertThat(request.brokerEpoch()).isEqualTo(42L);
        assertThat(new OffsetForLeaderEpochResponse(ReplicationErrors.NONE, 1, 5).endOffset()).isEqualTo(5);
        assertThat(ProduceResponse.error(ReplicationErrors.NOT_ENOUGH_REPLICAS, "x").baseOffset()).isEqualTo(-1);
    }
}
