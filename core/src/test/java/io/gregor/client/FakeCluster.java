package io.gregor.client;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.BrokerMessage.Fetch;
import io.gregor.broker.BrokerMessage.FetchReply;
import io.gregor.broker.BrokerMessage.InitProducerId;
import io.gregor.broker.BrokerMessage.InitProducerIdReply;
import io.gregor.broker.BrokerMessage.MetadataRequest;
import io.gregor.broker.BrokerMessage.MetadataResponse;
import io.gregor.broker.BrokerMessage.OffsetForLeaderEpoch;
import io.gregor.broker.BrokerMessage.OffsetForLeaderEpochReply;
import io.gregor.broker.BrokerMessage.PartitionMetadata;
import io.gregor.broker.BrokerMessage.Produce;
import io.gregor.broker.BrokerMessage.ProduceReply;
import io.gregor.broker.TopicPartition;
import io.gregor.env.Clock;
import io.gregor.env.Disk;
import io.gregor.env.Entropy;
import io.gregor.env.Env;
import io.gregor.env.Network;
import io.gregor.env.Timers;
import io.gregor.env.Trace;
import io.gregor.replication.ReplicationErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * A tiny in-test cluster for client tests: virtual time, one client node whose {@link Env} is real enough for a
 * producer or consumer, and fake brokers sharing one log per partition ({@link FakePartition}). The network can
 * lose, duplicate and delay messages (seeded), and a test can drop chosen messages, move leadership and truncate.
 *
 * <p>Messages from the client node are routed to its instances by {@link ClientRequestIds#clientIndexOf(long)},
 * as the real host does.
 */
final class FakeCluster {

    static final int CLIENT_NODE = 100;
    static final long MS = 1_000_000L;

    private record Event(long timeNs, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.timeNs != b.timeNs
            ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private final TreeSet<Long> cancelled = new TreeSet<>();
    private long nextSeq = 1;
    private long nowNs = 1_000 * MS;

    final List<Integer> brokerIds;
    final TreeMap<TopicPartition, FakePartition> partitions = new TreeMap<>();
    private final TreeSet<Integer> downBrokers = new TreeSet<>();
    private final Random random;
    private final ClientRouter router = new ClientRouter();
    private long nextProducerId = 1000;

    /** Network faults, per message. */
    double lossProbability;
    double duplicateProbability;
    long minDelayMs = 1;
    long maxDelayMs = 1;
    /** A test's own drop rule: (toNode, message) → drop. */
    BiPredicate<Integer, Object> dropRule = (to, m) -> false;
    final List<Object> sentByClient = new ArrayList<>();
    final List<String> trace = new ArrayList<>();

    FakeCluster(long seed, int brokers, List<TopicPartition> tps) {
        this.random = new Random(seed);
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= brokers; i++) {
            ids.add(i);
        }
        this.brokerIds = List.copyOf(ids);
        int i = 0;
        for (TopicPartition tp : tps) {
            partitions.put(tp, new FakePartition(tp, brokerIds.get(i++ % brokers)));
        }
    }

    FakePartition partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    void register(int clientIndex, ClientRouter.Handler handler) {
        router.register(clientIndex, handler);
    }

    long nowNs() {
        return nowNs;
    }

    void setBrokerDown(int brokerId, boolean down) {
        if (down) {
            downBrokers.add(brokerId);
        } else {
            downBrokers.remove(brokerId);
        }
    }

    /** Moves the partition's leadership to {@code brokerId} with a new leader epoch. */
    void moveLeader(TopicPartition tp, int brokerId) {
        partitions.get(tp).electLeader(brokerId);
    }

    // ---- the client's env ----

    Env clientEnv() {
        Clock clock = new Clock() {
            @Override
            public long nanoTime() {
                return nowNs;
            }

            @Override
            public long wallMillis() {
                return 1_700_000_000_000L + nowNs / MS;
            }
        };
        Timers timers = new Timers() {
            @Override
            public long schedule(long delayNs, Runnable onTimer) {
                return at(nowNs + Math.max(0, delayNs), onTimer);
            }

            @Override
            public void cancel(long timerId) {
                if (timerId != NO_TIMER) {
                    cancelled.add(timerId);
                }
            }
        };
        Network network = (to, message) -> {
            sentByClient.add(message);
            transmit(to, message, () -> brokerReceives(to, (BrokerMessage) message));
        };
        Random entropyRandom = new Random(random.nextLong());
        Entropy entropy = new Entropy() {
            @Override
            public long nextLong() {
                return entropyRandom.nextLong();
            }

            @Override
            public int nextInt(int bound) {
                return entropyRandom.nextInt(bound);
            }

            @Override
            public double nextDouble() {
                return entropyRandom.nextDouble();
            }

            @Override
            public Entropy fork(String purpose) {
                return this;
            }
        };
        Trace t = (category, text) -> trace.add(nowNs / MS + " " + category + " " + text);
        return new Env(CLIENT_NODE, clock, timers, network, NO_DISK, entropy, t);
    }

    private static final Disk NO_DISK = (Disk) java.lang.reflect.Proxy.newProxyInstance(
            Disk.class.getClassLoader(), new Class<?>[] {Disk.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException("clients have no disk");
            });

    private long at(long timeNs, Runnable action) {
        long seq = nextSeq++;
        events.add(new Event(timeNs, seq, action));
        return seq;
    }

    /** Delivers with the network's faults: maybe lost, maybe twice, after a delay. */
    private void transmit(int to, Object message, Runnable deliver) {
        if (dropRule.test(to, message) || random.nextDouble() < lossProbability) {
            return;
        }
        int copies = random.nextDouble() < duplicateProbability ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delayMs = minDelayMs + (maxDelayMs > minDelayMs ? random.nextInt((int) (maxDelayMs - minDelayMs + 1))
                    : 0);
            at(nowNs + delayMs * MS, deliver);
        }
    }

    // ---- running ----

    /** Runs events until {@code durationMs} of virtual time has passed. */
    void runFor(long durationMs) {
        long end = nowNs + durationMs * MS;
        while (!events.isEmpty() && events.peek().timeNs <= end) {
            step();
        }
        nowNs = end;
    }

    /** Runs until {@code done} holds (checked between events); false if {@code maxMs} passed first. */
    boolean runUntil(BooleanSupplier done, long maxMs) {
        long end = nowNs + maxMs * MS;
        while (!done.getAsBoolean()) {
            if (events.isEmpty() || events.peek().timeNs > end) {
                nowNs = Math.max(nowNs, end);
                return done.getAsBoolean();
            }
            step();
        }
        return true;
    }

    private void step() {
        Event e = events.poll();
        nowNs = Math.max(nowNs, e.timeNs);
        if (!cancelled.remove(e.seq)) {
            e.action.run();
        }
    }

    // ---- the brokers ----

    private void brokerReceives(int brokerId, BrokerMessage message) {
        if (downBrokers.contains(brokerId) || !brokerIds.contains(brokerId)) {
            return;
        }
        BrokerMessage reply = answer(brokerId, message);
        if (reply == null) {
            return;
        }
        transmit(CLIENT_NODE, reply, () -> router.route(brokerId, reply));
    }

    private BrokerMessage answer(int brokerId, BrokerMessage message) {
        if (message instanceof MetadataRequest m) {
            List<PartitionMetadata> out = new ArrayList<>();
            for (Map.Entry<TopicPartition, FakePartition> e : partitions.entrySet()) {
                if (m.topics().contains(e.getKey().topic())) {
                    FakePartition p = e.getValue();
                    out.add(new PartitionMetadata(e.getKey(), ReplicationErrors.NONE, p.leaderId, p.leaderEpoch,
                            brokerIds, brokerIds));
                }
            }
            List<Integer> up = new ArrayList<>(brokerIds);
            return new MetadataResponse(m.requestId(), 1, out, up);
        }
        if (message instanceof InitProducerId m) {
            return new InitProducerIdReply(m.requestId(), ReplicationErrors.NONE, nextProducerId++, (short) 0);
        }
        if (message instanceof Produce m) {
            FakePartition p = partitions.get(m.partition());
            if (p == null) {
                return new ProduceReply(m.requestId(), m.partition(), FakePartition.produceError(
                        ReplicationErrors.UNKNOWN_TOPIC_OR_PARTITION));
            }
            var response = p.produce(brokerId, m.request());
            return m.request().acks() == 0 ? null : new ProduceReply(m.requestId(), m.partition(), response);
        }
        if (message instanceof Fetch m) {
            return new FetchReply(m.requestId(), m.partition(), partitions.get(m.partition()).fetch(brokerId,
                    m.request()));
        }
        if (message instanceof OffsetForLeaderEpoch m) {
            return new OffsetForLeaderEpochReply(m.requestId(), m.partition(),
                    partitions.get(m.partition()).offsetForLeaderEpoch(brokerId, m.request()));
        }
        throw new IllegalArgumentException("a fake broker does not answer " + message);
    }
}
