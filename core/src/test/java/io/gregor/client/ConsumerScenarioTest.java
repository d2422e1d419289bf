package io.gregor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.broker.BrokerMessage.OffsetForLeaderEpoch;
import io.gregor.broker.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The assign-mode consumer against the fake cluster: reading in order, following leaders, finding truncation. */
class ConsumerScenarioTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final FakeCluster cluster = new FakeCluster(11, 3, List.of(TP));
    private final List<LogTruncation> truncations = new ArrayList<>();
    private final List<ConsumerRecord> consumed = new ArrayList<>();
    private Producer producer;
    private Consumer consumer;

    private void start() {
        producer = new Producer(1, ProducerConfig.defaults(cluster.brokerIds).withLingerMs(0)
                .withTimeoutsMs(500, 5_000));
        consumer = new Consumer(2, ConsumerConfig.defaults(cluster.brokerIds).withRequestTimeoutMs(500),
                truncations::add);
        cluster.register(1, producer::onMessage);
        cluster.register(2, consumer::onMessage);
        producer.start(cluster.clientEnv());
        consumer.start(cluster.clientEnv());
        consumer.assign(List.of(TP));
    }

    private void produce(String... values) {
        for (String v : values) {
            producer.send(TP, null, v, r -> { });
        }
        cluster.runFor(500);
    }

    private void drainConsumer(long forMs) {
        cluster.runFor(forMs);
        consumed.addAll(consumer.poll(10_000));
    }

    private List<String> consumedValues() {
        return consumed.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void readsThePartitionInOrderFromTheEarliestOffset() {
        start();
        produce("a", "b", "c");
        drainConsumer(500);
        assertThat(consumedValues()).containsExactly("a", "b", "c");
        assertThat(consumed).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        assertThat(consumed).extracting(ConsumerRecord::leaderEpoch).containsOnly(0);
        assertThat(consumer.position(TP)).isEqualTo(3);
    }

    @Test
    void afterALeaderChangeItValidatesItsPositionAndReadsOnWithoutGapsOrDuplicates() {
        start();
        produce("a", "b");
        drainConsumer(500);
        cluster.moveLeader(TP, 3);
        produce("c", "d");
        drainConsumer(2_000);
        assertThat(consumedValues()).containsExactly("a", "b", "c", "d");
        assertThat(consumed).extracting(ConsumerRecord::leaderEpoch).containsExactly(0, 0, 1, 1);
        assertThat(truncations).isEmpty();
        List<OffsetForLeaderEpoch> validations = cluster.sentByClient.stream()
                .filter(m -> m instanceof OffsetForLeaderEpoch).map(m -> (OffsetForLeaderEpoch) m).toList();
        assertThat(validations).isNotEmpty();
        assertThat(validations.get(0).request().leaderEpoch()).isZero();
        assertThat(validations.get(0).request().currentLeaderEpoch()).isEqualTo(1);
    }

    @Test
    void aTruncationBelowThePositionIsReportedAndTheConsumerRepositions() {
        start();
        produce("a", "b", "c", "d");
        drainConsumer(500);
        assertThat(consumer.position(TP)).isEqualTo(4);
        cluster.partition(TP).truncateAndElect(2, 2); // an unclean election loses c and d
        produce("e"); // the new leader lost the producer's sequences too: e fails out of order, the id is reset
        produce("f");
        drainConsumer(2_000);
        assertThat(truncations).containsExactly(new LogTruncation(TP, 4, 0, 2, 0));
        assertThat(consumedValues()).containsExactly("a", "b", "c", "d", "f");
        assertThat(consumed.get(4).offset()).isEqualTo(2);
        assertThat(consumed.get(4).leaderEpoch()).isEqualTo(1);
    }

    @Test
    void aPositionBelowTheLogStartIsResetToIt() {
        List<long[]> resets = new ArrayList<>();
        producer = new Producer(1, ProducerConfig.defaults(cluster.brokerIds).withLingerMs(0));
        consumer = new Consumer(2, ConsumerConfig.defaults(cluster.brokerIds), new ConsumerListener() {
            @Override
            public void onLogTruncation(LogTruncation truncation) {
                truncations.add(truncation);
            }

            @Override
            public void onOffsetReset(TopicPartition partition, long fromOffset, long toOffset) {
                resets.add(new long[] {fromOffset, toOffset});
            }
        });
        cluster.register(1, producer::onMessage);
        cluster.register(2, consumer::onMessage);
        producer.start(cluster.clientEnv());
        consumer.start(cluster.clientEnv());
        produce("a", "b", "c");
        cluster.partition(TP).deleteBefore(2);
        consumer.assign(List.of(TP));
        drainConsumer(1_000);
        assertThat(consumedValues()).containsExactly("c");
        assertThat(resets).hasSize(1);
        assertThat(resets.get(0)).containsExactly(0, 2);
        assertThat(truncations).isEmpty();
    }

    @Test
    void recordsWaitInABoundedBufferUntilPolled() {
        cluster.partitions.clear();
        FakeCluster small = cluster;
        small.partitions.put(TP, new FakePartition(TP, 1));
        producer = new Producer(1, ProducerConfig.defaults(cluster.brokerIds).withLingerMs(0));
        consumer = new Consumer(2, new ConsumerConfig(cluster.brokerIds, 1, 500, 100, 50, 2), truncations::add);
        cluster.register(1, producer::onMessage);
        cluster.register(2, consumer::onMessage);
        producer.start(cluster.clientEnv());
        consumer.start(cluster.clientEnv());
        consumer.assign(List.of(TP));
        produce("a", "b", "c", "d", "e");
        cluster.runFor(1_000);
        assertThat(consumer.bufferedRecords()).isEqualTo(2);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            consumer.poll(1).forEach(r -> values.add(r.value()));
            cluster.runFor(200);
        }
        assertThat(values).containsExactly("a", "b", "c", "d", "e");
    }
}
