package io.gregor.clustersim;

import io.gregor.broker.TopicPartition;
import io.gregor.client.ClientRouter;
import io.gregor.client.Consumer;
import io.gregor.client.ConsumerConfig;
import io.gregor.client.ConsumerListener;
import io.gregor.client.ConsumerRecord;
import io.gregor.client.LogTruncation;
import io.gregor.client.Producer;
import io.gregor.client.ProducerConfig;
import io.gregor.client.SendResult;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.histories.Op;
import io.gregor.workload.HistoryRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jepsen's Kafka workload as one simulated client node: {@code processes} logical processes, each with its own
 * idempotent producer and assign-mode consumer ({@code io.gregor.client}), doing one operation at a time — send a
 * unique value to a key (a partition of the topic) or poll what its consumer has fetched — recorded in Jepsen's
 * encoding for the Kafka checker.
 *
 * <p>A send that ends indeterminate ({@code :info}) crashes its process, as in Jepsen: the process number moves on
 * (by {@code processes}) with a fresh producer and consumer, since the old producer's write may still land.
 *
 * <p>After {@link #stopSending} the processes only poll: the drain. It is over ({@link #drained}) when every
 * process's consumer has read every partition up to the end of every acknowledged write.
 */
public final class KafkaWorkloadNode implements Node {

    /** Think time between one process's operations, drawn uniformly up to this. */
    static final long MAX_THINK_NS = 40_000_000L;
    static final int MAX_POLL_RECORDS = 200;

    /** One logical process: its Jepsen number, its clients, and whether an operation is running. */
    private final class Process {
        final int slot;
        long number;
        Producer producer;
        Consumer consumer;
        boolean busy;
        final Map<TopicPartition, Long> readUpTo = new TreeMap<>();

        Process(int slot) {
            this.slot = slot;
            this.number = slot;
        }
    }

    private final List<Integer> brokers;
    private final String topic;
    private final int partitions;
    private final int processCount;
    private final ProducerConfig producerConfig;
    private final ConsumerConfig consumerConfig;
    private final HistoryRecorder history;
    private final ClientRouter router = new ClientRouter();
    private final List<Process> processes = new ArrayList<>();
    private final Map<TopicPartition, Long> ackedEnd = new TreeMap<>();
    private final List<String> truncations = new ArrayList<>();
    /** Per process slot: the client indexes of its current producer and consumer. */
    private final Map<Integer, int[]> clientIndexes = new TreeMap<>();
    private Env env;
    private long nextValue;
    private int nextClientIndex;
    private boolean sending = true;
    private long sendsOk;

    public KafkaWorkloadNode(List<Integer> brokers, String topic, int partitions, int processCount,
            ProducerConfig producerConfig, ConsumerConfig consumerConfig, HistoryRecorder history) {
        this.brokers = List.copyOf(brokers);
        this.topic = topic;
        this.partitions = partitions;
        this.processCount = processCount;
        this.producerConfig = producerConfig;
        this.consumerConfig = consumerConfig;
        this.history = history;
    }

    @Override
    public void start(Env nodeEnv) {
        this.env = nodeEnv;
        for (int i = 0; i < processCount; i++) {
            Process p = new Process(i);
            processes.add(p);
            newClients(p);
            scheduleNext(p);
        }
    }

    private void newClients(Process p) {
        int producerIndex = nextClientIndex++;
        int consumerIndex = nextClientIndex++;
        if (p.producer != null) {
            router.unregister(producerIndexOf(p));
            router.unregister(consumerIndexOf(p));
        }
        p.producer = new Producer(producerIndex, producerConfig);
        p.consumer = new Consumer(consumerIndex, consumerConfig, new ConsumerListener() {
            @Override
            public void onLogTruncation(LogTruncation t) {
                truncations.add("t=" + env.clock().nanoTime() + " process " + p.number + " " + t);
            }
        });
        clientIndexes.put(p.slot, new int[] {producerIndex, consumerIndex});
        router.register(producerIndex, p.producer::onMessage);
        router.register(consumerIndex, p.consumer::onMessage);
        p.producer.start(env);
        p.consumer.start(env);
        List<TopicPartition> all = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            all.add(new TopicPartition(topic, i));
        }
        p.consumer.assign(all);
        p.readUpTo.clear();
    }

    private int producerIndexOf(Process p) {
        return clientIndexes.get(p.slot)[0];
    }

    private int consumerIndexOf(Process p) {
        return clientIndexes.get(p.slot)[1];
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        router.route(fromNodeId, message);
    }

    private void scheduleNext(Process p) {
        env.timers().schedule(env.entropy().between(1, MAX_THINK_NS), () -> step(p));
    }

    private void step(Process p) {
        if (p.busy) {
            return;
        }
        boolean send = sending && env.entropy().nextInt(2) == 0;
        if (send) {
            send(p);
        } else {
            poll(p);
            scheduleNext(p);
        }
    }

    private void send(Process p) {
        p.busy = true;
        long key = env.entropy().nextInt(partitions);
        long value = nextValue++;
        long process = p.number;
        TopicPartition tp = new TopicPartition(topic, (int) key);
        history.invokeSend(process, key, value);
        p.producer.send(tp, null, Long.toString(value), result -> {
            if (result instanceof SendResult.Acked a) {
                history.completeSend(process, Op.Type.OK, key, value, a.offset());
                ackedEnd.merge(tp, a.offset() + 1, Math::max);
                sendsOk++;
            } else if (result instanceof SendResult.Failed) {
                history.completeSend(process, Op.Type.FAIL, key, value, -1);
            } else {
                history.completeSend(process, Op.Type.INFO, key, value, -1);
                p.number += processCount; // Jepsen: an indeterminate op crashes its process
                newClients(p);
            }
            p.busy = false;
            scheduleNext(p);
        });
    }

    private void poll(Process p) {
        List<ConsumerRecord> records = p.consumer.poll(MAX_POLL_RECORDS);
        history.invokePoll(p.number);
        Map<Long, List<long[]>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord r : records) {
            byKey.computeIfAbsent((long) r.partition().partition(), k -> new ArrayList<>())
                    .add(new long[] {r.offset(), Long.parseLong(r.value())});
            p.readUpTo.merge(r.partition(), r.offset() + 1, Math::max);
        }
        history.completePoll(p.number, byKey);
    }

    /** From now on the processes only poll (the drain after the heal). */
    public void stopSending() {
        sending = false;
    }

    /** Whether every process's consumer has read every partition to the end of every acknowledged write. */
    public boolean drained() {
        for (Process p : processes) {
            for (Map.Entry<TopicPartition, Long> e : ackedEnd.entrySet()) {
                if (p.readUpTo.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Truncations below a consumer's position that KIP-320 validation found (each a read of uncommitted data). */
    public List<String> truncations() {
        return List.copyOf(truncations);
    }

    /** Sends acknowledged so far. */
    public long sendsOk() {
        return sendsOk;
    }
}
