package io.gregor.client;

import static io.gregor.client.FakeCluster.CLIENT_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.broker.BrokerMessage.Produce;
import io.gregor.broker.BrokerMessage.ProduceReply;
import io.gregor.broker.TopicPartition;
import io.gregor.log.RecordBatch;
import io.gregor.replication.ReplicationErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The producer against the fake cluster, one story per rule. */
class ProducerScenarioTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final FakeCluster cluster = new FakeCluster(7, 3, List.of(TP));
    private final TreeMap<String, SendResult> results = new TreeMap<>();

    private Producer start(ProducerConfig config) {
        Producer producer = new Producer(3, config);
        cluster.register(3, producer::onMessage);
        producer.start(cluster.clientEnv());
        return producer;
    }

    private ProducerConfig config() {
        return ProducerConfig.defaults(cluster.brokerIds).withTimeoutsMs(500, 5_000);
    }

    private void send(Producer producer, String value) {
        producer.send(TP, "k", value, result -> results.put(value, result));
    }

    private List<Produce> produces() {
        List<Produce> out = new ArrayList<>();
        for (Object m : cluster.sentByClient) {
            if (m instanceof Produce p) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void recordsSentWithinTheLingerShareOneBatchAndEachGetsItsOffset() {
        Producer producer = start(config().withLingerMs(20));
        for (int i = 0; i < 5; i++) {
            send(producer, "v" + i);
        }
        cluster.runFor(1_000);
        assertThat(cluster.partition(TP).batchCount()).isEqualTo(1);
        assertThat(cluster.partition(TP).values()).containsExactly("v0", "v1", "v2", "v3", "v4");
        for (int i = 0; i < 5; i++) {
            assertThat(results.get("v" + i)).isEqualTo(new SendResult.Acked(i));
        }
        RecordBatch batch = cluster.partition(TP).log.get(0).batch();
        assertThat(batch.producerId()).isEqualTo(producer.producerId()).isNotNegative();
        assertThat(batch.baseSequence()).isZero();
    }

    @Test
    void aFullBatchGoesWithoutWaitingForTheLinger() {
        Producer producer = start(config().withLingerMs(1_000).withBatchSizeBytes(120));
        for (int i = 0; i < 6; i++) {
            send(producer, "value-" + i);
        }
        cluster.runFor(100); // well within the linger
        assertThat(cluster.partition(TP).batchCount()).isGreaterThan(1);
        assertThat(results).hasSizeLessThan(6); // the last batch still lingers
        cluster.runFor(2_000);
        assertThat(cluster.partition(TP).values()).hasSize(6);
        assertThat(results.values()).allMatch(r -> r instanceof SendResult.Acked);
    }

    @Test
    void aRetryAfterALostResponseCarriesTheSameSequenceAndIsDeduplicated() {
        Producer producer = start(config().withLingerMs(0));
        int[] dropped = {0};
        cluster.dropRule = (to, m) -> to == CLIENT_NODE && m instanceof ProduceReply && dropped[0]++ == 0;
        send(producer, "once");
        cluster.runFor(3_000);
        assertThat(results.get("once")).isEqualTo(new SendResult.Acked(0));
        assertThat(cluster.partition(TP).values()).containsExactly("once");
        List<Produce> sent = produces();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2);
        RecordBatch first = RecordBatch.of(sent.get(0).request().records());
        RecordBatch retry = RecordBatch.of(sent.get(1).request().records());
        assertThat(retry.producerId()).isEqualTo(first.producerId());
        assertThat(retry.baseSequence()).isEqualTo(first.baseSequence());
        assertThat(sent.get(1).request().records()).isEqualTo(sent.get(0).request().records());
    }

    @Test
    void withoutIdempotenceTheSameRetryDuplicatesTheRecord() {
        Producer producer = start(config().withLingerMs(0).withIdempotence(false));
        int[] dropped = {0};
        cluster.dropRule = (to, m) -> to == CLIENT_NODE && m instanceof ProduceReply && dropped[0]++ == 0;
        send(producer, "twice");
        cluster.runFor(3_000);
        assertThat(results.get("twice")).isEqualTo(new SendResult.Acked(1));
        assertThat(cluster.partition(TP).values()).containsExactly("twice", "twice");
    }

    @Test
    void notLeaderOrFollowerRefreshesMetadataAndResendsToTheNewLeader() {
        Producer producer = start(config().withLingerMs(0));
        send(producer, "a");
        cluster.runFor(500);
        cluster.moveLeader(TP, 2);
        send(producer, "b");
        cluster.runFor(2_000);
        assertThat(results.get("b")).isEqualTo(new SendResult.Acked(1));
        List<Produce> sent = produces();
        assertThat(sent).extracting(p -> p.request().currentLeaderEpoch()).containsExactly(0, 0, 1);
        assertThat(cluster.partition(TP).values()).containsExactly("a", "b");
    }

    @Test
    void fencedLeaderEpochRefreshesMetadataAndResendsWithTheNewEpoch() {
        Producer producer = start(config().withLingerMs(0));
        send(producer, "a");
        cluster.runFor(500);
        cluster.moveLeader(TP, cluster.partition(TP).leaderId); // same broker, new epoch
        send(producer, "b");
        cluster.runFor(2_000);
        assertThat(results.get("b")).isEqualTo(new SendResult.Acked(1));
        assertThat(produces()).extracting(p -> p.request().currentLeaderEpoch()).containsExactly(0, 0, 1);
    }

    @Test
    void aDeliveryTimeoutWithUnansweredAttemptsIsIndeterminate() {
        Producer producer = start(config().withLingerMs(0));
        cluster.dropRule = (to, m) -> m instanceof Produce;
        send(producer, "lost");
        cluster.runFor(4_000);
        assertThat(results).doesNotContainKey("lost");
        cluster.runFor(2_000);
        assertThat(results.get("lost")).isInstanceOf(SendResult.Indeterminate.class);
    }

    @Test
    void aDeliveryTimeoutAfterRetriableRefusalsIsIndeterminateForACopyMayStillLand() {
        Producer producer = start(config().withLingerMs(0));
        cluster.partition(TP).forcedProduceError = ReplicationErrors.NOT_ENOUGH_REPLICAS;
        send(producer, "refused");
        cluster.runFor(6_000);
        assertThat(results.get("refused")).isInstanceOf(SendResult.Indeterminate.class);
        assertThat(cluster.partition(TP).values()).isEmpty();
    }

    @Test
    void aDeliveryTimeoutBeforeTheBatchWasEverSentIsDefinite() {
        Producer producer = start(config().withLingerMs(0));
        cluster.dropRule = (to, m) -> m instanceof io.gregor.broker.BrokerMessage.MetadataResponse; // no leader known
        send(producer, "never-sent");
        cluster.runFor(6_000);
        assertThat(results.get("never-sent")).isEqualTo(new SendResult.Failed(null,
                "delivery timeout of 5000 ms after 0 attempt(s)"));
        assertThat(produces()).isEmpty();
    }

    @Test
    void aRefusalAfterTheAppendMakesTheOutcomeIndeterminate() {
        Producer producer = start(config().withLingerMs(0));
        cluster.partition(TP).forcedProduceError = ReplicationErrors.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
        cluster.partition(TP).failAfterAppend = true;
        send(producer, "maybe");
        cluster.runFor(6_000);
        assertThat(results.get("maybe")).isInstanceOf(SendResult.Indeterminate.class);
        assertThat(cluster.partition(TP).values()).containsExactly("maybe"); // the retries were deduplicated
    }

    @Test
    void aNonRetriableRefusalFailsAtOnceAndDefinitely() {
        Producer producer = start(config().withLingerMs(0));
        cluster.partition(TP).forcedProduceError = ReplicationErrors.INVALID_RECORD;
        send(producer, "bad");
        cluster.runFor(100);
        assertThat(results.get("bad")).isEqualTo(new SendResult.Failed(ReplicationErrors.INVALID_RECORD,
                "INVALID_RECORD: fake broker: INVALID_RECORD"));
    }

    @Test
    void aLostBatchLeavesAGapThatResetsTheProducerId() {
        Producer producer = start(config().withLingerMs(0).withRetryBackoffMs(50));
        send(producer, "a");
        cluster.runFor(200);
        long firstId = producer.producerId();
        // every attempt of the second batch (sequence 1) is lost; the third arrives out of order
        cluster.dropRule = (to, m) -> m instanceof Produce p
                && RecordBatch.of(p.request().records()).baseSequence() == 1
                && RecordBatch.of(p.request().records()).producerId() == firstId;
        send(producer, "b");
        cluster.runFor(1_000);
        send(producer, "c"); // its delivery timeout comes a second after b's
        cluster.runFor(6_000);
        assertThat(results.get("b")).isInstanceOf(SendResult.Indeterminate.class);
        // c was refused out of order with no earlier batch left to wait for; a copy could still land: indeterminate
        assertThat(results.get("c")).isEqualTo(new SendResult.Indeterminate(
                "OUT_OF_ORDER_SEQUENCE_NUMBER: fake broker: OUT_OF_ORDER_SEQUENCE_NUMBER"));
        assertThat(producer.producerIdResets()).isEqualTo(1);
        assertThat(producer.producerId()).isNotEqualTo(firstId).isNotNegative();
        send(producer, "d");
        cluster.runFor(1_000);
        assertThat(results.get("d")).isEqualTo(new SendResult.Acked(1));
        assertThat(cluster.partition(TP).values()).containsExactly("a", "d");
        assertThat(cluster.partition(TP).log.get(1).batch().baseSequence()).isZero();
    }

    @Test
    void aSendPastTheBufferFailsAtOnce() {
        ProducerConfig small = new ProducerConfig(cluster.brokerIds, (short) -1, true, 1_000, 100, 5, 500, 5_000,
                100, 100);
        Producer producer = start(small);
        send(producer, "x".repeat(40));
        send(producer, "y".repeat(40));
        assertThat(results.get("y".repeat(40))).isInstanceOf(SendResult.Failed.class);
        assertThat(results).doesNotContainKey("x".repeat(40));
    }
}
