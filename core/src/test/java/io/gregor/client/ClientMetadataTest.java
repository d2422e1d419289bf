package io.gregor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.broker.BrokerMessage.MetadataRequest;
import io.gregor.broker.BrokerMessage.MetadataResponse;
import io.gregor.broker.BrokerMessage.PartitionMetadata;
import io.gregor.broker.TopicPartition;
import io.gregor.replication.ReplicationErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's metadata cache: KIP-320's "never back to an older epoch", and one request at a time. */
class ClientMetadataTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final FakeCluster cluster = new FakeCluster(3, 3, List.of(TP));
    private final List<List<TopicPartition>> updates = new ArrayList<>();
    private final ClientMetadata metadata = new ClientMetadata("test", List.of(1, 2, 3), 500, 100, updates::add);

    private long lastRequestId() {
        for (int i = cluster.sentByClient.size() - 1; i >= 0; i--) {
            if (cluster.sentByClient.get(i) instanceof MetadataRequest m) {
                return m.requestId();
            }
        }
        throw new AssertionError("no metadata request sent");
    }

    private MetadataResponse answer(long requestId, int leaderId, int epoch) {
        return new MetadataResponse(requestId, 1, List.of(new PartitionMetadata(TP, ReplicationErrors.NONE, leaderId,
                epoch, List.of(1, 2, 3), List.of(1, 2, 3))), List.of(1, 2, 3));
    }

    @Test
    void anAnswerWithAnOlderLeaderEpochDoesNotMoveTheLeaderBack() {
        cluster.dropRule = (to, m) -> true; // the test answers by hand
        metadata.start(cluster.clientEnv(), new ClientRequestIds(9));
        metadata.addTopic("t");
        metadata.requestUpdate();
        metadata.onMetadataResponse(answer(lastRequestId(), 2, 5));
        assertThat(metadata.leader(TP)).isEqualTo(new ClientMetadata.LeaderAndEpoch(2, 5));
        assertThat(updates).containsExactly(List.of(TP));

        cluster.runFor(200); // past the backoff
        metadata.requestUpdate();
        metadata.onMetadataResponse(answer(lastRequestId(), 1, 4)); // a broker with a stale image
        assertThat(metadata.leader(TP)).isEqualTo(new ClientMetadata.LeaderAndEpoch(2, 5));
        assertThat(updates.get(1)).isEmpty();
    }

    @Test
    void anAnswerToAnAbandonedRequestIsIgnoredAndTheNextBrokerIsAsked() {
        cluster.dropRule = (to, m) -> true;
        metadata.start(cluster.clientEnv(), new ClientRequestIds(9));
        metadata.addTopic("t");
        metadata.requestUpdate();
        long first = lastRequestId();
        cluster.runFor(600); // the request timed out and another went out
        long second = lastRequestId();
        assertThat(second).isNotEqualTo(first);
        metadata.onMetadataResponse(answer(first, 2, 1));
        assertThat(metadata.leader(TP).known()).isFalse();
        metadata.onMetadataResponse(answer(second, 2, 1));
        assertThat(metadata.leader(TP)).isEqualTo(new ClientMetadata.LeaderAndEpoch(2, 1));
    }
}
