package io.gregor.broker;

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
import io.gregor.controller.AlterPartitionRequest;
import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controller.TopicImage;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.log.Log;
import io.gregor.log.LogConfig;
import io.gregor.log.LogHealth;
import io.gregor.replication.AlterPartitionProposal;
import io.gregor.replication.PartitionReplica;
import io.gregor.replication.ReplicaAudit;
import io.gregor.replication.ReplicaConfig;
import io.gregor.replication.ReplicaMessage;
import io.gregor.replication.ReplicationErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A broker's data plane (Kafka's {@code ReplicaManager} with its fetcher threads folded in): the partition replicas
 * this broker hosts, created, led and followed as its metadata image says; the requests of clients and other
 * brokers routed to them; the follower fetches and the leaders' AlterPartition proposals sent out.
 *
 * <h2>Driving it</h2>
 * The host node calls {@link #start} once per incarnation, {@link #onMetadata} whenever its metadata image moves,
 * {@link #handle} for every {@link BrokerMessage} that arrives, and {@link #onAlterPartitionReply} with the
 * controller's answers; it sends AlterPartition requests through the {@link ControllerChannel} it supplies. Timers
 * (ISR shrink, fetch and proposal retries, produce timeouts) are armed here, through the {@link Env}.
 *
 * <h2>Disk layout</h2>
 * Each hosted partition has its own {@link Log} under {@code <topic>-<partition>} on the node's disk, opened (and
 * recovered) the first time the image names this broker as a replica — also after a restart, so a returning broker
 * resumes from what its disk kept. A partition whose topic disappears from the image (deleted, or deleted and
 * recreated under a new id) has its files removed.
 *
 * <h2>Delayed fetches</h2>
 * A follower's fetch that finds nothing new waits at the leader (Kafka's fetch purgatory, {@code
 * replica.fetch.wait.max.ms}) until a produce appends to the partition or {@link #FETCH_MAX_WAIT_NS} passes, instead
 * of being answered empty at once and sent again at once — a spin that would cost a round trip per millisecond.
 *
 * <h2>Producer ids</h2>
 * InitProducerId is answered by any registered broker: the id is {@code brokerEpoch * 65536 + n}. A broker epoch is
 * the offset of the broker's registration in the metadata log, unique and growing across the cluster, so no two
 * producers ever share an id without a persisted counter (Kafka allocates blocks through the controller, KIP-730).
 */
public final class ReplicaManager {

    /** The shortest wait before the replicas' timed work is looked at again. */
    static final long MIN_TIMER_NS = 1_000_000L;

    /** How long a follower's fetch that finds nothing may wait for data (Kafka's replica.fetch.wait.max.ms). */
    public static final long FETCH_MAX_WAIT_NS = 500_000_000L;

    /** Producer ids a broker hands out per registration. */
    static final int PRODUCER_IDS_PER_REGISTRATION = 65_536;

    /** Sends AlterPartition to the active controller; the host delivers the answer to {@link #onAlterPartitionReply}. */
    @FunctionalInterface
    public interface ControllerChannel {
        /** Sends {@code request}; the reply, if any, must be delivered with the same {@code requestId}. */
        void send(long requestId, AlterPartitionRequest request);
    }

    /** A hosted partition: its replica and the topic id it belongs to. */
    private record Hosted(UUID topicId, PartitionReplica replica) {
    }

    private record InFlightFetch(TopicPartition partition, ReplicaMessage.FetchRequest request, long sentAtNs) {
    }

    private record InFlightAlter(TopicPartition partition, AlterPartitionProposal proposal, long sentAtNs) {
    }

    /** A follower's fetch held at the leader until data arrives or its deadline passes. */
    private record DelayedFetch(int from, Fetch fetch, long deadlineNs) {
    }

    private final int brokerId;
    private final ReplicaConfig replicaConfig;
    private final LogConfig logConfig;
    private final LongSupplier brokerEpoch;
    private final ControllerChannel controller;
    private final Map<TopicPartition, Hosted> hosted = new TreeMap<>();
    /** {@link #hosted} in partition order, copied at each change: iterated after every event, changed rarely. */
    private List<Map.Entry<TopicPartition, Hosted>> inOrder = List.of();
    private List<TopicPartition> partitionList = List.of();
    private List<PartitionReplica> replicaList = List.of();
    /** {@link #hosted} by hash, for lookups (never iterated: its order is the hash's). */
    private final Map<TopicPartition, Hosted> byPartition = new HashMap<>();
    /** By request id; ids rise, so insertion order is id order (a fetch is sent and answered at every round). */
    private final Map<Long, InFlightFetch> fetches = new LinkedHashMap<>();
    private final Map<Long, InFlightAlter> alters = new TreeMap<>();
    private final Map<TopicPartition, List<DelayedFetch>> delayed = new TreeMap<>();
    private Env env;
    private MetadataImage image = MetadataImage.EMPTY;
    private long metadataOffset = -1;
    private long nextRequestId;
    private long producerIdsIssued;
    private long producerIdEpoch = -1;
    private long timer = Timers.NO_TIMER;
    private Function<TopicPartition, ReplicaAudit> audits = tp -> ReplicaAudit.NONE;
    private boolean pumping;
    private boolean pumpAgain;
    private long timerAtNs = Long.MAX_VALUE;

    /**
     * @param brokerEpoch this broker's current registration epoch, or -1 while unregistered
     * @param controller where AlterPartition requests go
     */
    public ReplicaManager(int brokerId, ReplicaConfig replicaConfig, LogConfig logConfig, LongSupplier brokerEpoch,
            ControllerChannel controller) {
        this.brokerId = brokerId;
        this.replicaConfig = replicaConfig;
        this.logConfig = logConfig;
        this.brokerEpoch = brokerEpoch;
        this.controller = controller;
    }

    public void start(Env nodeEnv) {
        this.env = nodeEnv;
    }

    /** Who audits each partition's replica from now on (the simulator's invariants); set before {@link #start}. */
    public void audit(Function<TopicPartition, ReplicaAudit> audits) {
        this.audits = audits;
    }

    // ---------------------------------------------------------------- metadata

    /** The metadata image moved to {@code next} (applied up to {@code offset}): become leader or follower of each. */
    public void onMetadata(MetadataImage next, long offset) {
        this.image = next;
        this.metadataOffset = offset;
        long nowNs = now();
        List<TopicPartition> gone = new ArrayList<>();
        for (Map.Entry<TopicPartition, Hosted> e : inOrder) {
            TopicImage topic = next.topicByName(e.getKey().topic());
            if (topic == null || !topic.id().equals(e.getValue().topicId())) {
                gone.add(e.getKey());
            }
        }
        for (TopicPartition tp : gone) {
            remove(tp);
        }
        for (TopicImage topic : next.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> p : topic.partitions().entrySet()) {
                PartitionRegistration reg = p.getValue();
                TopicPartition tp = new TopicPartition(topic.name(), p.getKey());
                Hosted h = byPartition.get(tp);
                if (h == null && reg.replicas().contains(brokerId)) {
                    h = open(tp, topic.id());
                }
                if (h != null) {
                    h.replica().onMetadata(reg, nowNs);
                }
            }
        }
        for (TopicPartition tp : List.copyOf(delayed.keySet())) {
            completeDelayed(tp, true, nowNs); // a fetch held across a leadership change is answered as it now stands
        }
        pump();
    }

    private Hosted open(TopicPartition tp, UUID topicId) {
        Log log = Log.open(env.disk(), tp.toString(), logConfig, env.clock(), env.trace());
        Hosted h = new Hosted(topicId, new PartitionReplica(brokerId, log, replicaConfig, env.trace()));
        h.replica().audit(audits.apply(tp));
        h.replica().onWakeup(this::pump);
        hosted.put(tp, h);
        hostedChanged();
        return h;
    }

    /** The topic is gone: stop hosting it and delete its files (a recreated topic must start empty). */
    private void remove(TopicPartition tp) {
        hosted.remove(tp);
        hostedChanged();
        String prefix = tp + "/";
        for (String name : env.disk().list()) {
            if (name.startsWith(prefix)) {
                env.disk().delete(name);
            }
        }
        env.trace().event("broker", "deleted " + tp + " (its topic is gone)");
    }

    private void hostedChanged() {
        inOrder = hosted.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        partitionList = List.copyOf(hosted.keySet());
        replicaList = hosted.values().stream().map(Hosted::replica).toList();
        byPartition.clear();
        byPartition.putAll(hosted);
    }

    /** The image this broker serves from. */
    public MetadataImage image() {
        return image;
    }

    /** Every hosted partition, in partition order; {@link #replicaList()} holds their replicas at the same indexes. */
    public List<TopicPartition> partitionList() {
        return partitionList;
    }

    /** The hosted replicas, in partition order (see {@link #partitionList()}). */
    public List<PartitionReplica> replicaList() {
        return replicaList;
    }

    /** The replica of {@code tp} hosted here, or null. */
    public PartitionReplica replica(TopicPartition tp) {
        Hosted h = byPartition.get(tp);
        return h == null ? null : h.replica();
    }

    /**
     * Flushes every hosted log (a clean shutdown's last step); {@code done} runs once all are durable, with whether
     * every flush succeeded.
     */
    public void flushAll(java.util.function.Consumer<Boolean> done) {
        int[] left = {inOrder.size()};
        boolean[] ok = {true};
        if (left[0] == 0) {
            done.accept(true);
            return;
        }
        for (Map.Entry<TopicPartition, Hosted> e : inOrder) {
            e.getValue().replica().log().flush((durableOffset, error) -> {
                ok[0] &= error == null;
                if (--left[0] == 0) {
                    done.accept(ok[0]);
                }
            });
        }
    }

    /**
     * Why a hosted partition's log has failed (a failed fsync lost its unsynced writes), or null if none has. With
     * one log directory per broker, Kafka then halts the broker; the host does.
     */
    public String failedLog() {
        for (Map.Entry<TopicPartition, Hosted> e : inOrder) {
            Log log = e.getValue().replica().log();
            if (log.health().state() == LogHealth.State.FAILED) {
                return e.getKey() + ": " + log.health().reason();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- requests

    /** Handles one data-plane message from {@code from}: a request to answer, or a follower fetch's answer. */
    public void handle(int from, BrokerMessage message) {
        long nowNs = now();
        {
            if (message instanceof Produce m) {
                onProduce(from, m, nowNs);
            } else if (message instanceof Fetch m) {
                onFetch(from, m, nowNs);
            } else if (message instanceof OffsetForLeaderEpoch m) {
                PartitionReplica r = replica(m.partition());
                ReplicaMessage.OffsetForLeaderEpochResponse response = r == null
                        ? new ReplicaMessage.OffsetForLeaderEpochResponse(notHere(m.partition()), -1, -1)
                        : r.handleOffsetForLeaderEpoch(m.request());
                env.network().send(from, new OffsetForLeaderEpochReply(m.requestId(), m.partition(), response));
            } else if (message instanceof MetadataRequest m) {
                env.network().send(from, metadata(m));
            } else if (message instanceof InitProducerId m) {
                env.network().send(from, initProducerId(m));
            } else if (message instanceof FetchReply m) {
                onFetchReply(m, nowNs);
            }
        }
        pump();
    }

    private void onFetch(int from, Fetch m, long nowNs) {
        PartitionReplica r = replica(m.partition());
        ReplicaMessage.FetchResponse response = r == null ? errorFetch(m.partition())
                : r.handleFetch(m.request(), nowNs);
        boolean nothingNew = response.error() == ReplicationErrors.NONE && response.divergingEpoch() == null
                && response.records().sizeInBytes() == 0;
        if (nothingNew && m.request().isFromFollower()) {
            delayed.computeIfAbsent(m.partition(), k -> new ArrayList<>())
                    .add(new DelayedFetch(from, m, nowNs + FETCH_MAX_WAIT_NS));
            return;
        }
        env.network().send(from, new FetchReply(m.requestId(), m.partition(), response));
    }

    /**
     * Answers the delayed fetches of {@code tp} that are due: all of them when {@code all} (data arrived, or the
     * partition's leadership may have changed), else the expired ones.
     */
    private void completeDelayed(TopicPartition tp, boolean all, long nowNs) {
        List<DelayedFetch> waiting = delayed.get(tp);
        if (waiting == null) {
            return;
        }
        List<DelayedFetch> due = new ArrayList<>();
        waiting.removeIf(d -> {
            boolean isDue = all || d.deadlineNs() <= nowNs;
            if (isDue) {
                due.add(d);
            }
            return isDue;
        });
        if (waiting.isEmpty()) {
            delayed.remove(tp);
        }
        PartitionReplica r = replica(tp);
        for (DelayedFetch d : due) {
            ReplicaMessage.FetchResponse response = r == null ? errorFetch(tp) : r.handleFetch(d.fetch().request(),
                    nowNs);
            env.network().send(d.from(), new FetchReply(d.fetch().requestId(), tp, response));
        }
    }

    private void onProduce(int from, Produce m, long nowNs) {
        PartitionReplica r = replica(m.partition());
        if (r == null) {
            reply(from, m, ReplicaMessage.ProduceResponse.error(notHere(m.partition()), "broker " + brokerId
                    + " does not host " + m.partition()));
            return;
        }
        long endBefore = r.logEndOffset();
        r.handleProduce(m.request(), nowNs, response -> {
            if (m.request().acks() != 0 || response.error() != ReplicationErrors.NONE) {
                reply(from, m, response);
            }
        });
        if (r.logEndOffset() > endBefore) {
            completeDelayed(m.partition(), true, nowNs); // the followers waiting for data get it now
        }
    }

    private void reply(int to, Produce m, ReplicaMessage.ProduceResponse response) {
        env.network().send(to, new ProduceReply(m.requestId(), m.partition(), response));
    }

    private ReplicationErrors notHere(TopicPartition tp) {
        TopicImage topic = image.topicByName(tp.topic());
        return topic == null || topic.partition(tp.partition()) == null ? ReplicationErrors.UNKNOWN_TOPIC_OR_PARTITION
                : ReplicationErrors.NOT_LEADER_OR_FOLLOWER;
    }

    private ReplicaMessage.FetchResponse errorFetch(TopicPartition tp) {
        return ReplicaMessage.FetchResponse.error(notHere(tp), -1);
    }

    private MetadataResponse metadata(MetadataRequest m) {
        List<PartitionMetadata> out = new ArrayList<>();
        for (String name : m.topics()) {
            TopicImage topic = image.topicByName(name);
            if (topic == null) {
                out.add(new PartitionMetadata(new TopicPartition(name, 0), ReplicationErrors.UNKNOWN_TOPIC_OR_PARTITION,
                        -1, -1, List.of(), List.of()));
                continue;
            }
            for (Map.Entry<Integer, PartitionRegistration> p : topic.partitions().entrySet()) {
                PartitionRegistration r = p.getValue();
                out.add(new PartitionMetadata(new TopicPartition(name, p.getKey()), ReplicationErrors.NONE,
                        r.leader(), r.leaderEpoch(), r.replicas(), r.isr()));
            }
        }
        return new MetadataResponse(m.requestId(), metadataOffset, out, image.unfencedBrokerIds());
    }

    private InitProducerIdReply initProducerId(InitProducerId m) {
        long epoch = brokerEpoch.getAsLong();
        if (epoch < 0) {
            return new InitProducerIdReply(m.requestId(), ReplicationErrors.COORDINATOR_NOT_AVAILABLE, -1, (short) -1);
        }
        if (epoch != producerIdEpoch) {
            producerIdEpoch = epoch;
            producerIdsIssued = 0;
        }
        if (producerIdsIssued >= PRODUCER_IDS_PER_REGISTRATION) {
            return new InitProducerIdReply(m.requestId(), ReplicationErrors.COORDINATOR_NOT_AVAILABLE, -1, (short) -1);
        }
        long id = epoch * PRODUCER_IDS_PER_REGISTRATION + producerIdsIssued++;
        return new InitProducerIdReply(m.requestId(), ReplicationErrors.NONE, id, (short) 0);
    }

    // ---------------------------------------------------------------- follower fetches and ISR proposals

    private void onFetchReply(FetchReply m, long nowNs) {
        InFlightFetch sent = fetches.remove(m.requestId());
        if (sent == null) {
            return; // a duplicate, or the answer to a fetch we gave up on
        }
        PartitionReplica r = replica(sent.partition());
        if (r != null) {
            r.handleFetchResponse(sent.request(), m.response(), nowNs);
        }
    }

    /** The controller's answer to an AlterPartition this broker sent; unknown ids are ignored. */
    public void onAlterPartitionReply(long requestId, AlterPartitionResponse response) {
        InFlightAlter sent = alters.remove(requestId);
        PartitionReplica r = sent == null ? null : replica(sent.partition());
        if (r != null) {
            boolean laterCopy = false;
            for (Map.Entry<Long, InFlightAlter> other : alters.entrySet()) {
                laterCopy |= other.getKey() > requestId && other.getValue().partition().equals(sent.partition())
                        && other.getValue().proposal().equals(sent.proposal());
            }
            r.onAlterPartitionResponse(sent.proposal(), response, laterCopy, now());
            pump();
        }
    }

    /** Whether {@code requestId} is one of this manager's AlterPartition requests. */
    public boolean ownsAlterPartition(long requestId) {
        return alters.containsKey(requestId);
    }

    /**
     * Sends what the replicas want sent now (follower fetches, ISR proposals) and re-arms the timer. A call from
     * within (a flush that completed at once) makes the running one go round again.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        long nowNs = now();
        long next = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, Hosted> e : inOrder) {
            TopicPartition tp = e.getKey();
            PartitionReplica r = e.getValue().replica();
            ReplicaMessage.FetchRequest fetch = r.nextFetchRequest(nowNs);
            if (fetch != null) {
                long id = ++nextRequestId;
                fetches.put(id, new InFlightFetch(tp, fetch, nowNs));
                env.network().send(r.leaderId(), new Fetch(id, tp, fetch));
            }
            AlterPartitionProposal proposal = r.nextAlterPartition(nowNs);
            long epoch = brokerEpoch.getAsLong();
            if (proposal != null && epoch >= 0) {
                long id = ALTER_PARTITION_ID_BIT | ++nextRequestId;
                alters.put(id, new InFlightAlter(tp, proposal, nowNs));
                controller.send(id, proposal.toRequest(brokerId, epoch, e.getValue().topicId(), tp.partition()));
            }
            next = Math.min(next, r.nextDeadlineNs());
        }
        for (List<DelayedFetch> waiting : delayed.values()) {
            for (DelayedFetch d : waiting) {
                next = Math.min(next, d.deadlineNs());
            }
        }
        forgetAbandoned(nowNs);
        arm(next);
    }

    /** AlterPartition request ids carry this bit, so the host can tell them from its own controller requests. */
    public static final long ALTER_PARTITION_ID_BIT = 1L << 50;

    /**
     * Forgets requests whose answer can no longer matter: the replicas resend after their own timeouts, and a late
     * answer to an old request would be ignored by them anyway.
     */
    private void forgetAbandoned(long nowNs) {
        long fetchCutoff = nowNs - 2 * replicaConfig.fetchTimeoutMs() * 1_000_000L;
        fetches.values().removeIf(f -> f.sentAtNs() < fetchCutoff);
        long alterCutoff = nowNs - 2 * replicaConfig.alterPartitionRetryMs() * 1_000_000L;
        alters.values().removeIf(a -> a.sentAtNs() < alterCutoff);
    }

    private void arm(long atNs) {
        if (atNs == timerAtNs) {
            return;
        }
        env.timers().cancel(timer);
        timer = Timers.NO_TIMER;
        timerAtNs = atNs;
        if (atNs != Long.MAX_VALUE) {
            // a deadline already due that the tick could not act on is looked at again a millisecond later, never
            // in a tight loop
            timer = env.timers().schedule(Math.max(MIN_TIMER_NS, atNs - now()), this::onTimer);
        }
    }

    private void onTimer() {
        timer = Timers.NO_TIMER;
        timerAtNs = Long.MAX_VALUE;
        long nowNs = now();
        for (Map.Entry<TopicPartition, Hosted> e : inOrder) {
            e.getValue().replica().tick(nowNs);
        }
        for (TopicPartition tp : List.copyOf(delayed.keySet())) {
            completeDelayed(tp, false, nowNs);
        }
        pump();
    }

    private long now() {
        return env.clock().nanoTime();
    }

    @Override
    public String toString() {
        return "ReplicaManager[broker " + brokerId + ", " + hosted.size() + " partitions, metadata@" + metadataOffset
                + "]";
    }
}
