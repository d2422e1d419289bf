package io.gregor.client;

import io.gregor.broker.BrokerMessage.MetadataRequest;
import io.gregor.broker.BrokerMessage.MetadataResponse;
import io.gregor.broker.BrokerMessage.PartitionMetadata;
import io.gregor.broker.TopicPartition;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.replication.ReplicaMessage;
import io.gregor.replication.ReplicationErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A client's view of the cluster (Kafka's {@code Metadata} plus its updater): which broker leads each partition
 * at which leader epoch, fetched with MetadataRequest from any broker and refreshed when the owner asks.
 *
 * <p>At most one MetadataRequest is in flight; requests are spaced by the retry backoff; one that gets no answer
 * within the request timeout is abandoned and the next broker is asked. Brokers are tried round robin from a
 * start drawn from the entropy, over the bootstrap ids until an answer names the registered brokers.
 *
 * <p>KIP-320: an answer never moves a partition's leader epoch backwards. Metadata from a broker with a stale image
 * (or an old answer overtaken by a newer one) is ignored partition by partition, so a client never fences itself
 * with an older epoch than one it has seen.
 */
final class ClientMetadata {

    /** A partition's leader as the client knows it: {@code leaderId} -1 while unknown. */
    record LeaderAndEpoch(int leaderId, int leaderEpoch) {
        static final LeaderAndEpoch UNKNOWN = new LeaderAndEpoch(-1, ReplicaMessage.NO_EPOCH);

        boolean known() {
            return leaderId >= 0;
        }
    }

    private final String owner;
    private final List<Integer> bootstrapBrokerIds;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;
    private final Consumer<List<TopicPartition>> onUpdate;
    private final TreeSet<String> topics = new TreeSet<>();
    private final TreeMap<TopicPartition, LeaderAndEpoch> leaders = new TreeMap<>();
    private List<Integer> brokers;
    private int nextBrokerIndex;
    private Env env;
    private ClientRequestIds requestIds;

    private boolean updateWanted;
    private long inFlightRequestId;
    private long requestTimer = Timers.NO_TIMER;
    private long backoffTimer = Timers.NO_TIMER;
    private long nextRequestAllowedNs = Long.MIN_VALUE;

    /**
     * @param onUpdate called after every applied answer with the partitions whose leader or epoch changed (sorted)
     */
    ClientMetadata(String owner, List<Integer> bootstrapBrokerIds, long requestTimeoutMs, long retryBackoffMs,
            Consumer<List<TopicPartition>> onUpdate) {
        this.owner = owner;
        this.bootstrapBrokerIds = List.copyOf(bootstrapBrokerIds);
        this.brokers = this.bootstrapBrokerIds;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.onUpdate = onUpdate;
    }

    void start(Env startedEnv, ClientRequestIds ids) {
        this.env = startedEnv;
        this.requestIds = ids;
        this.nextBrokerIndex = env.entropy().nextInt(brokers.size());
    }

    /** Adds a topic to the ones every MetadataRequest asks about; returns whether it was new. */
    boolean addTopic(String topic) {
        return topics.add(topic);
    }

    LeaderAndEpoch leader(TopicPartition tp) {
        return leaders.getOrDefault(tp, LeaderAndEpoch.UNKNOWN);
    }

    /** A broker to send a request that any broker can answer (metadata, InitProducerId), round robin. */
    int anyBroker() {
        int id = brokers.get(Math.floorMod(nextBrokerIndex, brokers.size()));
        nextBrokerIndex++;
        return id;
    }

    /** Asks for fresh metadata: now, or when the backoff since the last request has passed. */
    void requestUpdate() {
        updateWanted = true;
        maybeSendRequest();
    }

    boolean updateInFlight() {
        return inFlightRequestId != 0;
    }

    private void maybeSendRequest() {
        if (!updateWanted || inFlightRequestId != 0 || topics.isEmpty()) {
            return;
        }
        long nowNs = env.clock().nanoTime();
        if (nowNs < nextRequestAllowedNs) {
            if (backoffTimer == Timers.NO_TIMER) {
                backoffTimer = env.timers().schedule(nextRequestAllowedNs - nowNs, () -> {
                    backoffTimer = Timers.NO_TIMER;
                    maybeSendRequest();
                });
            }
            return;
        }
        long requestId = requestIds.next();
        inFlightRequestId = requestId;
        updateWanted = false;
        nextRequestAllowedNs = nowNs + retryBackoffMs * 1_000_000L;
        int brokerId = anyBroker();
        requestTimer = env.timers().schedule(requestTimeoutMs * 1_000_000L, () -> onRequestTimeout(requestId));
        env.network().send(brokerId, new MetadataRequest(requestId, List.copyOf(topics)));
    }

    private void onRequestTimeout(long requestId) {
        if (requestId != inFlightRequestId) {
            return;
        }
        requestTimer = Timers.NO_TIMER;
        inFlightRequestId = 0;
        updateWanted = true; // ask the next broker
        maybeSendRequest();
    }

    /** Applies an answer to the request in flight; answers to abandoned requests are dropped. */
    void onMetadataResponse(MetadataResponse response) {
        if (response.requestId() != inFlightRequestId) {
            return;
        }
        env.timers().cancel(requestTimer);
        requestTimer = Timers.NO_TIMER;
        inFlightRequestId = 0;
        if (!response.brokers().isEmpty()) {
            brokers = List.copyOf(response.brokers());
        }
        List<TopicPartition> changed = new ArrayList<>();
        for (PartitionMetadata pm : response.partitions()) {
            if (apply(pm)) {
                changed.add(pm.partition());
            }
        }
        changed.sort(null);
        onUpdate.accept(changed);
        maybeSendRequest(); // an owner may have asked again meanwhile
    }

    private boolean apply(PartitionMetadata pm) {
        TopicPartition tp = pm.partition();
        LeaderAndEpoch current = leaders.getOrDefault(tp, LeaderAndEpoch.UNKNOWN);
        if (pm.leaderEpoch() < current.leaderEpoch()) {
            return false; // KIP-320: a stale image never moves the epoch backwards
        }
        int leaderId = pm.error() == ReplicationErrors.NONE ? pm.leaderId() : -1;
        LeaderAndEpoch next = new LeaderAndEpoch(leaderId, Math.max(pm.leaderEpoch(), current.leaderEpoch()));
        if (next.equals(current)) {
            return false;
        }
        leaders.put(tp, next);
        env.trace().event("client", owner + " metadata " + tp + " leader " + leaderId + " epoch "
                + next.leaderEpoch());
        return true;
    }

    /** The known leaders, for tests and the host's diagnostics. */
    Map<TopicPartition, LeaderAndEpoch> leaders() {
        return java.util.Collections.unmodifiableMap(leaders);
    }
}
