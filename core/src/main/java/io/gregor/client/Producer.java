package io.gregor.client;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.BrokerMessage.InitProducerIdReply;
import io.gregor.broker.BrokerMessage.MetadataResponse;
import io.gregor.broker.BrokerMessage.Produce;
import io.gregor.broker.BrokerMessage.ProduceReply;
import io.gregor.broker.TopicPartition;
import io.gregor.client.ClientMetadata.LeaderAndEpoch;
import io.gregor.client.RecordAccumulator.PartitionQueue;
import io.gregor.common.Invariant;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicationErrors;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An idempotent Kafka producer as one event handler (Kafka's KafkaProducer, RecordAccumulator and Sender): records
 * are batched per partition, batches are numbered (KIP-98) and sent to the partition's leader with the leader epoch
 * from metadata (KIP-320), at most {@code maxInFlightRequestsPerPartition} at a time, and retried with the same
 * bytes until acknowledged or the delivery timeout.
 *
 * <h2>Life of a send</h2>
 * {@link #send} appends to the partition's open batch; the batch closes when full or after {@code lingerMs}; it
 * is numbered once the producer has its id (InitProducerId, asked of any broker at start); it is sent when every
 * earlier batch of the partition is in flight or done. Each attempt has a request timeout; a late answer to an
 * abandoned attempt still acknowledges the batch if it says the write happened.
 *
 * <h2>OUT_OF_ORDER_SEQUENCE_NUMBER (KIP-360)</h2>
 * If an earlier batch of the same producer id was unresolved when the refused attempt left, or still is, the gap
 * is expected (that batch is being retried) and this one is retried too. Otherwise the partition lost or never saw what came before: the batch is
 * completed (indeterminate if any attempt may have been appended), and the producer takes a new producer id so the
 * partition's sequences restart at 0. Kafka bumps the epoch of the same id; Gregor's InitProducerId carries no id
 * to bump, so it takes a new one, which the broker treats the same way (a producer it has no state for). The same
 * reset follows a numbered batch that hits its delivery timeout, which leaves a gap nobody will fill. Batches
 * already sent keep their old id and bytes; batches of the new id wait in each partition until those are done, so
 * a producer's records stay in send order in every partition.
 *
 * <h2>Routing</h2>
 * Request ids are {@code (clientIndex << 40) | counter}: the host hands a {@link BrokerMessage} to the instance
 * {@link ClientRequestIds#clientIndexOf(long)} names.
 */
public final class Producer {

    private final ProducerConfig config;
    private final ClientRequestIds requestIds;
    private final String name;
    private final ClientMetadata metadata;
    private final RecordAccumulator accumulator;
    private final TreeMap<Long, ProducerBatch> batchByRequestId = new TreeMap<>();
    private final TreeMap<TopicPartition, Long> drainTimers = new TreeMap<>();
    private Env env;

    private final ProducerIdManager producerIds;

    public Producer(int clientIndex, ProducerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.requestIds = new ClientRequestIds(clientIndex);
        this.name = "producer-" + clientIndex;
        this.metadata = new ClientMetadata(name, config.bootstrapBrokerIds(), config.requestTimeoutMs(),
                config.retryBackoffMs(), this::onMetadataUpdate);
        this.accumulator = new RecordAccumulator(config.batchSizeBytes(), config.bufferMemoryBytes());
        this.producerIds = new ProducerIdManager(name, config, metadata, this::onNewProducerId);
    }

    /** Starts the producer on the host node's env: asks for a producer id when idempotent. */
    public void start(Env startedEnv) {
        Invariant.check(env == null, "%s started twice", name);
        this.env = Objects.requireNonNull(startedEnv, "env");
        metadata.start(env, requestIds);
        producerIds.start(env, requestIds);
    }

    /**
     * Sends one record. {@code callback} runs exactly once, later (or at once when the buffer is full), with the
     * {@link SendResult}.
     */
    public void send(TopicPartition tp, String key, String value, SendResult.Callback callback) {
        Invariant.check(env != null, "%s: send before start", name);
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(callback, "callback");
        if (!accumulator.hasRoomFor(ProducerBatch.recordSizeUpperBound(key, value))) {
            callback.onCompletion(new SendResult.Failed(null, "the producer buffer (" + config.bufferMemoryBytes()
                    + " bytes) is full"));
            return;
        }
        if (metadata.addTopic(tp.topic()) || !metadata.leader(tp).known()) {
            metadata.requestUpdate();
        }
        long nowNs = env.clock().nanoTime();
        var record = new ProducerBatch.PendingRecord(env.clock().wallMillis(), key, value, callback);
        PartitionQueue q = accumulator.queue(tp);
        if (q.open != null && !q.open.hasRoomFor(record.timestampMs(), key, value)) {
            closeOpenBatch(q);
        }
        RecordAccumulator.Appended appended = accumulator.append(tp, record, nowNs);
        ProducerBatch batch = appended.batch();
        if (appended.created()) {
            batch.deliveryTimer = env.timers().schedule(config.deliveryTimeoutMs() * 1_000_000L,
                    () -> onDeliveryTimeout(batch));
        }
        if (config.lingerMs() == 0 || accumulator.isFull(batch)) {
            closeOpenBatch(q);
        } else if (q.lingerTimer == Timers.NO_TIMER) {
            long delayNs = Math.max(0, batch.createdNs + config.lingerMs() * 1_000_000L - nowNs);
            q.lingerTimer = env.timers().schedule(delayNs, () -> {
                q.lingerTimer = Timers.NO_TIMER;
                closeOpenBatch(q);
                sequenceAndDrain(q);
            });
        }
        sequenceAndDrain(q);
    }

    /** Closes every open batch now (Kafka's {@code flush} without the wait). */
    public void flush() {
        for (PartitionQueue q : accumulator.queues()) {
            closeOpenBatch(q);
            sequenceAndDrain(q);
        }
    }

    /** A broker's message for this instance (the host routed it by {@link ClientRequestIds#clientIndexOf}). */
    public void onMessage(int fromBrokerId, BrokerMessage message) {
        if (!requestIds.owns(message.requestId())) {
            return;
        }
        if (message instanceof ProduceReply reply) {
            onProduceReply(reply);
        } else if (message instanceof MetadataResponse response) {
            metadata.onMetadataResponse(response);
        } else if (message instanceof InitProducerIdReply reply) {
            producerIds.onReply(reply);
        }
        // other answers (fetch, offsets) are not for a producer: a misrouted message is dropped
    }

    /** The current producer id, or -1 while none is granted (or without idempotence). */
    public long producerId() {
        ProducerIdentity identity = producerIds.identity();
        return identity == null ? -1 : identity.producerId();
    }

    /** How many times a sequence gap made the producer take a new producer id. */
    public int producerIdResets() {
        return producerIds.resets();
    }

    /** Records accepted by {@link #send} and not yet completed, in bytes (upper bound). */
    public long bufferedBytes() {
        return accumulator.bufferedBytes();
    }

    /** KIP-360: a gap in a partition's sequences that no retry can fill; take a new producer id. */
    private void resetProducerId(long gapProducerId, String reason) {
        if (producerIds.reset(gapProducerId, reason)) {
            accumulator.unsequenceUnsent(); // never-sent batches will be numbered under the new id
        }
    }

    private void onNewProducerId() {
        for (PartitionQueue q : accumulator.queues()) {
            sequenceAndDrain(q);
        }
    }

    // ---- batching and sending ----

    private void closeOpenBatch(PartitionQueue q) {
        if (q.lingerTimer != Timers.NO_TIMER) {
            env.timers().cancel(q.lingerTimer);
            q.lingerTimer = Timers.NO_TIMER;
        }
        accumulator.close(q);
    }

    private void sequenceAndDrain(PartitionQueue q) {
        ProducerIdentity identity = producerIds.identity();
        if (identity != null) {
            accumulator.sequence(q, identity);
        }
        drain(q);
    }

    /**
     * Sends the partition's batches in list order while the in-flight limit allows, one at a time (a send may
     * complete a batch at once, with acks=0, and its callback may send more: the loop looks again each time).
     */
    private void drain(PartitionQueue q) {
        if (q.draining) {
            return; // the loop below looks again after each send
        }
        q.draining = true;
        try {
            ProducerBatch next;
            while ((next = nextToSend(q)) != null) {
                sendAttempt(next, metadata.leader(q.partition));
            }
        } finally {
            q.draining = false;
        }
    }

    private ProducerBatch nextToSend(PartitionQueue q) {
        if (q.batches.isEmpty()) {
            return null;
        }
        if (!metadata.leader(q.partition).known()) {
            metadata.requestUpdate();
            return null;
        }
        long nowNs = env.clock().nanoTime();
        long headProducerId = q.batches.get(0).producerId();
        int inFlight = 0;
        for (ProducerBatch b : q.batches) {
            if (b.inFlight()) {
                inFlight++;
                continue;
            }
            if (!b.isSequenced() || b.producerId() != headProducerId) {
                return null; // no id yet, or a new id waiting for the old id's batches to finish
            }
            if (inFlight >= config.maxInFlightRequestsPerPartition()) {
                return null;
            }
            if (inFlight > 0 && config.enableIdempotence() && q.ackedProducerId != b.producerId()) {
                // the first batch of a producer id goes alone: a partition with no state for the id accepts any
                // sequence, so a later batch overtaking it on a reordering network would be appended first and the
                // first refused for good (OUT_OF_ORDER_SEQUENCE_NUMBER)
                return null;
            }
            if (b.retryNotBeforeNs > nowNs) {
                scheduleDrain(q, b.retryNotBeforeNs - nowNs);
                return null; // keep send order: nothing overtakes a batch in backoff
            }
            return b;
        }
        return null;
    }

    private void scheduleDrain(PartitionQueue q, long delayNs) {
        if (drainTimers.containsKey(q.partition)) {
            return;
        }
        drainTimers.put(q.partition, env.timers().schedule(delayNs, () -> {
            drainTimers.remove(q.partition);
            sequenceAndDrain(q);
        }));
    }

    private void sendAttempt(ProducerBatch b, LeaderAndEpoch leader) {
        long requestId = requestIds.next();
        b.currentRequestId = requestId;
        b.attempts++;
        b.sentBehindUnresolved = accumulator.queue(b.partition).hasUnresolvedPredecessor(b);
        batchByRequestId.put(requestId, b);
        var request = new ProduceRequest(config.acks(), leader.leaderEpoch(), b.bytesForSend(),
                config.requestTimeoutMs());
        env.network().send(leader.leaderId(), new Produce(requestId, b.partition, request));
        if (config.acks() == 0) {
            b.currentRequestId = 0;
            batchByRequestId.remove(requestId);
            finish(b, new SendResult.Indeterminate("acks=0: the leader does not answer"));
            return;
        }
        b.requestTimer = env.timers().schedule(config.requestTimeoutMs() * 1_000_000L,
                () -> onRequestTimeout(b, requestId));
    }

    private void onRequestTimeout(ProducerBatch b, long requestId) {
        if (b.isDone() || b.currentRequestId != requestId) {
            return;
        }
        b.currentRequestId = 0;
        b.requestTimer = Timers.NO_TIMER;
        b.possiblyWritten = true; // the request, or its answer, may be lost
        retry(b, true);
    }

    private void retry(ProducerBatch b, boolean refreshMetadata) {
        b.retryNotBeforeNs = env.clock().nanoTime() + config.retryBackoffMs() * 1_000_000L;
        if (refreshMetadata) {
            metadata.requestUpdate();
        }
        PartitionQueue q = accumulator.queue(b.partition);
        scheduleDrain(q, config.retryBackoffMs() * 1_000_000L);
    }

    private void onProduceReply(ProduceReply reply) {
        ProducerBatch b = batchByRequestId.remove(reply.requestId());
        if (b == null || b.isDone()) {
            return;
        }
        ReplicationErrors error = reply.response().error();
        ProduceErrorAction action = ProduceErrorAction.of(error);
        if (reply.requestId() != b.currentRequestId) {
            // an abandoned attempt: its success still counts, its refusal says nothing about the newer attempt
            if (action == ProduceErrorAction.ACK) {
                finish(b, new SendResult.Acked(reply.response().baseOffset()));
            } else if (ProduceErrorAction.mayHaveAppended(error)) {
                b.possiblyWritten = true;
            }
            return;
        }
        env.timers().cancel(b.requestTimer);
        b.requestTimer = Timers.NO_TIMER;
        b.currentRequestId = 0;
        if (ProduceErrorAction.mayHaveAppended(error)) {
            b.possiblyWritten = true;
        }
        String why = error + (reply.response().errorMessage() == null ? "" : ": " + reply.response().errorMessage());
        switch (action) {
            case ACK:
                finish(b, new SendResult.Acked(reply.response().baseOffset()));
                break;
            case RETRY:
                retry(b, false);
                break;
            case REFRESH_METADATA_AND_RETRY:
                retry(b, true);
                break;
            case OUT_OF_ORDER:
                if (b.sentBehindUnresolved || accumulator.queue(b.partition).hasUnresolvedPredecessor(b)) {
                    // an earlier batch was unresolved when this attempt left (its answer may have overtaken the
                    // earlier batch's ack on a reordering network), or still is: the gap is expected
                    retry(b, false);
                } else {
                    fail(b, error, why);
                    resetProducerId(b.producerId(), "out-of-order sequence on " + b);
                }
                break;
            case FAIL_AND_RESET_PRODUCER_ID:
                fail(b, error, why);
                resetProducerId(b.producerId(), why);
                break;
            default:
                fail(b, error, why);
                break;
        }
    }

    private void onDeliveryTimeout(ProducerBatch b) {
        b.deliveryTimer = Timers.NO_TIMER;
        if (b.isDone()) {
            return;
        }
        if (b.inFlight()) {
            env.timers().cancel(b.requestTimer);
            b.requestTimer = Timers.NO_TIMER;
            b.currentRequestId = 0;
            b.possiblyWritten = true;
        }
        boolean leavesGap = config.enableIdempotence() && b.isSequenced();
        long gapProducerId = b.producerId();
        fail(b, null, "delivery timeout of " + config.deliveryTimeoutMs() + " ms after " + b.attempts
                + " attempt(s)");
        if (leavesGap) {
            resetProducerId(gapProducerId, "delivery timeout of " + b);
        }
    }

    /**
     * Definite only when nothing can still append the batch: it was never sent, or the broker refused these very
     * bytes for good (an invalid record, a fenced producer epoch) and no attempt may have been appended. A refusal
     * that depends on the moment (NOT_ENOUGH_REPLICAS, OUT_OF_ORDER_SEQUENCE_NUMBER) is not: the network may
     * still deliver a delayed or duplicated copy of an attempt, which a later broker state accepts.
     */
    private void fail(ProducerBatch b, ReplicationErrors error, String reason) {
        ProduceErrorAction action = error == null ? null : ProduceErrorAction.of(error);
        boolean refusedForGood = action == ProduceErrorAction.FAIL
                || action == ProduceErrorAction.FAIL_AND_RESET_PRODUCER_ID;
        boolean definite = b.attempts == 0 || (refusedForGood && !b.possiblyWritten);
        finish(b, definite ? new SendResult.Failed(error, reason) : new SendResult.Indeterminate(reason));
    }

    private void finish(ProducerBatch b, SendResult result) {
        if (b.requestTimer != Timers.NO_TIMER) {
            env.timers().cancel(b.requestTimer);
            b.requestTimer = Timers.NO_TIMER;
        }
        if (b.deliveryTimer != Timers.NO_TIMER) {
            env.timers().cancel(b.deliveryTimer);
            b.deliveryTimer = Timers.NO_TIMER;
        }
        b.currentRequestId = 0;
        batchByRequestId.values().removeIf(other -> other == b);
        PartitionQueue q = accumulator.queue(b.partition);
        if (q.open == b && q.lingerTimer != Timers.NO_TIMER) {
            env.timers().cancel(q.lingerTimer);
            q.lingerTimer = Timers.NO_TIMER;
        }
        if (result instanceof SendResult.Acked) {
            q.ackedProducerId = b.producerId();
        }
        accumulator.remove(b);
        b.complete(result);
        sequenceAndDrain(q);
    }

    private void onMetadataUpdate(List<TopicPartition> changed) {
        for (PartitionQueue q : accumulator.queues()) {
            sequenceAndDrain(q);
        }
    }
}
