package io.gregor.client;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.BrokerMessage.Fetch;
import io.gregor.broker.BrokerMessage.FetchReply;
import io.gregor.broker.BrokerMessage.MetadataResponse;
import io.gregor.broker.BrokerMessage.OffsetForLeaderEpoch;
import io.gregor.broker.BrokerMessage.OffsetForLeaderEpochReply;
import io.gregor.broker.TopicPartition;
import io.gregor.client.ClientMetadata.LeaderAndEpoch;
import io.gregor.client.PartitionFetchState.Phase;
import io.gregor.common.Invariant;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.log.Record;
import io.gregor.log.RecordBatch;
import io.gregor.replication.ReplicaMessage;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochRequest;
import io.gregor.replication.ReplicaMessage.OffsetForLeaderEpochResponse;
import io.gregor.replication.ReplicationErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An assign-mode Kafka consumer (no group) as one event handler: it fetches each assigned partition from its
 * leader, from the earliest offset, with the leader epoch from metadata (KIP-320), and buffers the records for the
 * host's {@link #poll(int)}.
 *
 * <h2>Validation after a leader change (KIP-320)</h2>
 * When metadata shows a new leader or epoch for a partition, or a fetch is fenced (FENCED_LEADER_EPOCH,
 * NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH), the consumer asks the leader with OffsetForLeaderEpoch where the
 * epoch of its last consumed record ends. An end below its position means the log was truncated under it (an
 * unclean election, or lost data): it tells the host ({@link ConsumerListener#onLogTruncation}) and goes on from
 * that end offset. Without this check the consumer would silently skip or re-read.
 *
 * <h2>Offsets out of range</h2>
 * Below the log start (retention): reset to the log start the answer reports, and tell the host. Above the log
 * end: the log was truncated; validate as above (or, with nothing consumed yet, reset to the log start).
 *
 * <p>Request ids are {@code (clientIndex << 40) | counter} ({@link ClientRequestIds}).
 */
public final class Consumer {

    private final ConsumerConfig config;
    private final ConsumerListener listener;
    private final ClientRequestIds requestIds;
    private final String name;
    private final ClientMetadata metadata;
    private final TreeMap<TopicPartition, PartitionFetchState> assigned = new TreeMap<>();
    private final ArrayDeque<ConsumerRecord> buffered = new ArrayDeque<>();
    private Env env;

    public Consumer(int clientIndex, ConsumerConfig config, ConsumerListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.requestIds = new ClientRequestIds(clientIndex);
        this.name = "consumer-" + clientIndex;
        this.metadata = new ClientMetadata(name, config.bootstrapBrokerIds(), config.requestTimeoutMs(),
                config.retryBackoffMs(), changed -> advanceAll());
    }

    public void start(Env startedEnv) {
        Invariant.check(env == null, "%s started twice", name);
        this.env = Objects.requireNonNull(startedEnv, "env");
        metadata.start(env, requestIds);
    }

    /**
     * Replaces the assignment. New partitions start at offset 0 (the earliest: a log start above it is learnt from
     * OFFSET_OUT_OF_RANGE); partitions kept keep their position; records of dropped ones are discarded.
     */
    public void assign(List<TopicPartition> partitions) {
        Invariant.check(env != null, "%s: assign before start", name);
        TreeMap<TopicPartition, PartitionFetchState> wanted = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            wanted.put(tp, assigned.getOrDefault(tp, new PartitionFetchState(tp)));
            metadata.addTopic(tp.topic());
        }
        for (PartitionFetchState s : assigned.values()) {
            if (!wanted.containsKey(s.partition)) {
                env.timers().cancel(s.requestTimer);
                env.timers().cancel(s.backoffTimer);
            }
        }
        buffered.removeIf(r -> !wanted.containsKey(r.partition()));
        assigned.clear();
        assigned.putAll(wanted);
        metadata.requestUpdate();
        advanceAll();
    }

    /** Takes up to {@code maxRecords} buffered records, in the order they were fetched (per partition: offsets). */
    public List<ConsumerRecord> poll(int maxRecords) {
        List<ConsumerRecord> out = new ArrayList<>(Math.min(maxRecords, buffered.size()));
        while (out.size() < maxRecords && !buffered.isEmpty()) {
            out.add(buffered.poll());
        }
        if (!out.isEmpty()) {
            advanceAll(); // fetching resumes below the buffer limit
        }
        return out;
    }

    /** The next offset the consumer will read from {@code tp}. */
    public long position(TopicPartition tp) {
        PartitionFetchState s = assigned.get(tp);
        Invariant.check(s != null, "%s is not assigned %s", name, tp);
        return s.position;
    }

    public int bufferedRecords() {
        return buffered.size();
    }

    /** A broker's message for this instance (the host routed it by {@link ClientRequestIds#clientIndexOf}). */
    public void onMessage(int fromBrokerId, BrokerMessage message) {
        if (!requestIds.owns(message.requestId())) {
            return;
        }
        if (message instanceof FetchReply reply) {
            PartitionFetchState s = inFlight(reply.partition(), reply.requestId());
            if (s != null) {
                onFetchResponse(s, reply.response());
            }
        } else if (message instanceof OffsetForLeaderEpochReply reply) {
            PartitionFetchState s = inFlight(reply.partition(), reply.requestId());
            if (s != null) {
                onValidationResponse(s, reply.response());
            }
        } else if (message instanceof MetadataResponse response) {
            metadata.onMetadataResponse(response);
        }
    }

    /** The partition whose request in flight this answer is for, with the request cleared; null if stale. */
    private PartitionFetchState inFlight(TopicPartition tp, long requestId) {
        PartitionFetchState s = assigned.get(tp);
        if (s == null || s.inFlightRequestId != requestId) {
            return null;
        }
        s.inFlightRequestId = 0;
        env.timers().cancel(s.requestTimer);
        s.requestTimer = Timers.NO_TIMER;
        return s;
    }

    // ---- the per-partition loop ----

    private void advanceAll() {
        for (PartitionFetchState s : assigned.values()) {
            advance(s);
        }
    }

    /** Decides the partition's next request: wait for a leader, validate the position, or fetch. */
    private void advance(PartitionFetchState s) {
        if (s.busy() || !assigned.containsKey(s.partition)) {
            return;
        }
        LeaderAndEpoch leader = metadata.leader(s.partition);
        if (!leader.known()) {
            s.phase = Phase.AWAIT_LEADER;
            metadata.requestUpdate();
            return;
        }
        if (leader.leaderId() != s.validatedLeaderId || leader.leaderEpoch() != s.validatedLeaderEpoch) {
            s.needsValidation = true; // KIP-320: a new leader may have a different log below our position
            s.validatedLeaderId = leader.leaderId();
            s.validatedLeaderEpoch = leader.leaderEpoch();
        }
        if (s.needsValidation && s.lastConsumedEpoch != ReplicaMessage.NO_EPOCH) {
            s.phase = Phase.VALIDATING;
            var request = new OffsetForLeaderEpochRequest(ReplicaMessage.CONSUMER_REPLICA_ID, leader.leaderEpoch(),
                    s.lastConsumedEpoch);
            long requestId = sendRequest(s, leader.leaderId(),
                    id -> new OffsetForLeaderEpoch(id, s.partition, request));
            Invariant.check(requestId != 0, "no request id");
            return;
        }
        s.needsValidation = false;
        if (buffered.size() >= config.maxBufferedRecords()) {
            return; // paused until poll() makes room
        }
        s.phase = Phase.FETCHING;
        var request = new FetchRequest(ReplicaMessage.CONSUMER_REPLICA_ID, s.position, ReplicaMessage.NO_EPOCH,
                leader.leaderEpoch(), config.maxPartitionFetchBytes());
        sendRequest(s, leader.leaderId(), id -> new Fetch(id, s.partition, request));
    }

    private long sendRequest(PartitionFetchState s, int brokerId, java.util.function.LongFunction<BrokerMessage> make) {
        long requestId = requestIds.next();
        s.inFlightRequestId = requestId;
        s.requestTimer = env.timers().schedule(config.requestTimeoutMs() * 1_000_000L, () -> {
            if (s.inFlightRequestId == requestId) {
                s.inFlightRequestId = 0;
                s.requestTimer = Timers.NO_TIMER;
                metadata.requestUpdate(); // Kafka drops the connection and refreshes metadata
                backoff(s, config.retryBackoffMs());
            }
        });
        env.network().send(brokerId, make.apply(requestId));
        return requestId;
    }

    private void backoff(PartitionFetchState s, long delayMs) {
        s.backoffTimer = env.timers().schedule(delayMs * 1_000_000L, () -> {
            s.backoffTimer = Timers.NO_TIMER;
            advance(s);
        });
    }

    /** A fencing error: the leader or its epoch moved; refresh metadata and validate before reading again. */
    private static boolean isLeaderChange(ReplicationErrors error) {
        return error == ReplicationErrors.NOT_LEADER_OR_FOLLOWER || error == ReplicationErrors.FENCED_LEADER_EPOCH
                || error == ReplicationErrors.UNKNOWN_LEADER_EPOCH
                || error == ReplicationErrors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    private void onFetchResponse(PartitionFetchState s, FetchResponse response) {
        ReplicationErrors error = response.error();
        if (error == ReplicationErrors.NONE) {
            int read = consume(s, response);
            if (read < 0) {
                backoff(s, config.retryBackoffMs());
            } else if (read == 0) {
                backoff(s, config.emptyFetchBackoffMs());
            } else {
                advance(s);
            }
        } else if (error == ReplicationErrors.OFFSET_OUT_OF_RANGE) {
            onOffsetOutOfRange(s, response);
            advance(s);
        } else if (isLeaderChange(error)) {
            s.needsValidation = true;
            metadata.requestUpdate();
            backoff(s, config.retryBackoffMs());
        } else {
            backoff(s, config.retryBackoffMs());
        }
    }

    /** Buffers the records at or above the position; returns how many, or -1 on a corrupt batch. */
    private int consume(PartitionFetchState s, FetchResponse response) {
        int read = 0;
        for (RecordBatch batch : response.records().batches()) {
            if (!batch.isValid()) {
                env.trace().event("client", name + " corrupt batch from " + s.partition + " at " + batch.baseOffset());
                return read > 0 ? read : -1;
            }
            if (batch.nextOffset() <= s.position) {
                continue;
            }
            if (!batch.isControlBatch()) {
                for (Record r : batch.records()) {
                    if (r.offset() < s.position) {
                        continue;
                    }
                    buffered.add(new ConsumerRecord(s.partition, r.offset(), batch.partitionLeaderEpoch(),
                            r.timestamp(), text(r.key()), text(r.value())));
                    read++;
                }
            }
            s.position = batch.nextOffset();
            s.lastConsumedEpoch = batch.partitionLeaderEpoch();
        }
        return read;
    }

    private void onOffsetOutOfRange(PartitionFetchState s, FetchResponse response) {
        long logStartOffset = response.logStartOffset();
        if (s.lastConsumedEpoch != ReplicaMessage.NO_EPOCH && s.position >= Math.max(0, logStartOffset)) {
            s.needsValidation = true; // above the log end: truncated under us; KIP-320 finds where
            return;
        }
        long to = Math.max(0, logStartOffset);
        env.trace().event("client", name + " " + s.partition + " offset " + s.position + " out of range: reset to "
                + to);
        listener.onOffsetReset(s.partition, s.position, to);
        s.position = to;
        s.lastConsumedEpoch = ReplicaMessage.NO_EPOCH;
    }

    private void onValidationResponse(PartitionFetchState s, OffsetForLeaderEpochResponse response) {
        ReplicationErrors error = response.error();
        if (error != ReplicationErrors.NONE) {
            if (isLeaderChange(error)) {
                metadata.requestUpdate();
            }
            backoff(s, config.retryBackoffMs());
            return;
        }
        s.needsValidation = false;
        if (response.endOffset() >= 0 && response.endOffset() < s.position) {
            // KIP-320: records we consumed are gone from the leader's log (Kafka's LogTruncationException)
            var truncation = new LogTruncation(s.partition, s.position, s.lastConsumedEpoch, response.endOffset(),
                    response.leaderEpoch());
            env.trace().event("client", name + " log truncation " + truncation);
            s.position = response.endOffset();
            s.lastConsumedEpoch = response.leaderEpoch();
            listener.onLogTruncation(truncation);
        }
        // an unknown epoch (-1, -1): the leader's log starts after it; fetching finds the log start
        advance(s);
    }

    private static String text(ByteBuffer bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer b = bytes.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
