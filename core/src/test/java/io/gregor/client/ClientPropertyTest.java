package io.gregor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.broker.TopicPartition;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Under random loss, duplication, delay and leader moves: every value the producer reports acknowledged is in the
 * log exactly once at the offset it was told, no value is in the log twice (idempotence), and the consumer reads
 * each partition's log in order, without gaps or duplicates.
 */
class ClientPropertyTest {

    private static final List<TopicPartition> TPS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));

    record Scenario(long seed, double loss, double duplication, long maxDelayMs, int records, List<Integer> moves) {
    }

    private static final Gen<Scenario> SCENARIOS = s -> new Scenario(s.longBetween(0, 1L << 40),
            s.intBetween(0, 20) / 100.0, s.intBetween(0, 20) / 100.0, s.intBetween(1, 30), s.intBetween(1, 60),
            Gen.listOf(Gen.ints(0, 5), 6).generate(s));

    @TestFactory
    Stream<DynamicTest> acknowledgedWritesAreInTheLogOnceAndConsumedInOrder() {
        return Property.forAll("acked once, consumed in order", 60, SCENARIOS, ClientPropertyTest::check);
    }

    @TestFactory
    Stream<DynamicTest> theSameSeedGivesTheSameRun() {
        return Property.forAll("same seed, same run", 10, SCENARIOS, sc -> {
            Run first = run(sc);
            Run second = run(sc);
            assertThat(second.cluster().trace).isEqualTo(first.cluster().trace);
            assertThat(second.results().toString()).isEqualTo(first.results().toString());
            assertThat(second.consumed()).isEqualTo(first.consumed());
        });
    }

    record Run(FakeCluster cluster, TreeMap<String, SendResult> results, TreeMap<String, TopicPartition> partitionOf,
            List<ConsumerRecord> consumed) {
    }

    private static void check(Scenario sc) {
        Run run = run(sc);
        FakeCluster cluster = run.cluster();
        TreeMap<String, SendResult> results = run.results();
        TreeMap<String, TopicPartition> partitionOf = run.partitionOf();
        List<ConsumerRecord> consumed = run.consumed();
        checkRun(sc, cluster, results, partitionOf, consumed);
    }

    private static Run run(Scenario sc) {
        FakeCluster cluster = new FakeCluster(sc.seed(), 3, TPS);
        cluster.lossProbability = sc.loss();
        cluster.duplicateProbability = sc.duplication();
        cluster.maxDelayMs = sc.maxDelayMs();
        Producer producer = new Producer(0, ProducerConfig.defaults(cluster.brokerIds).withLingerMs(2)
                .withTimeoutsMs(200, 60_000).withRetryBackoffMs(20));
        Consumer consumer = new Consumer(1, ConsumerConfig.defaults(cluster.brokerIds).withRequestTimeoutMs(200),
                truncation -> {
                    throw new AssertionError("no truncation without unclean elections: " + truncation);
                });
        cluster.register(0, producer::onMessage);
        cluster.register(1, consumer::onMessage);
        producer.start(cluster.clientEnv());
        consumer.start(cluster.clientEnv());
        consumer.assign(TPS);

        TreeMap<String, SendResult> results = new TreeMap<>();
        TreeMap<String, TopicPartition> partitionOf = new TreeMap<>();
        List<ConsumerRecord> consumed = new ArrayList<>();
        int move = 0;
        for (int i = 0; i < sc.records(); i++) {
            String value = "v" + i;
            TopicPartition tp = TPS.get(i % TPS.size());
            partitionOf.put(value, tp);
            producer.send(tp, null, value, r -> results.put(value, r));
            cluster.runFor(5);
            if (i % 10 == 9 && move < sc.moves().size()) {
                int m = sc.moves().get(move++);
                cluster.moveLeader(TPS.get(m % 2), 1 + m % 3);
            }
            consumed.addAll(consumer.poll(1_000));
        }
        cluster.lossProbability = 0;
        cluster.duplicateProbability = 0;
        boolean allDone = cluster.runUntil(() -> results.size() == sc.records(), 120_000);
        assertThat(allDone).as("every send completed").isTrue();
        cluster.runFor(3_000);
        consumed.addAll(consumer.poll(100_000));
        return new Run(cluster, results, partitionOf, consumed);
    }

    private static void checkRun(Scenario sc, FakeCluster cluster, TreeMap<String, SendResult> results,
            TreeMap<String, TopicPartition> partitionOf, List<ConsumerRecord> consumed) {
        for (TopicPartition tp : TPS) {
            FakePartition p = cluster.partition(tp);
            List<String> log = p.values();
            assertThat(log).as("no value twice in %s", tp).doesNotHaveDuplicates();
            for (var e : results.entrySet()) {
                if (partitionOf.get(e.getKey()).equals(tp) && e.getValue() instanceof SendResult.Acked acked) {
                    int index = p.offsets().indexOf(acked.offset());
                    assertThat(index).as("acked %s at %s in %s", e.getKey(), acked.offset(), tp).isNotNegative();
                    assertThat(log.get(index)).isEqualTo(e.getKey());
                }
                if (partitionOf.get(e.getKey()).equals(tp) && e.getValue() instanceof SendResult.Failed) {
                    assertThat(log).as("a definitely failed write").doesNotContain(e.getKey());
                }
            }
            List<ConsumerRecord> read = consumed.stream().filter(r -> r.partition().equals(tp)).toList();
            assertThat(read).extracting(ConsumerRecord::offset).as("consumed offsets of %s", tp)
                    .containsExactlyElementsOf(p.offsets());
            assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(log);
        }
    }
}
