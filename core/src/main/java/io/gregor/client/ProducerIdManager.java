package io.gregor.client;

import io.gregor.broker.BrokerMessage.InitProducerId;
import io.gregor.broker.BrokerMessage.InitProducerIdReply;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.replication.ReplicationErrors;

/**
 * The producer id an idempotent producer writes under (the idempotent half of Kafka's
 * {@code TransactionManager}): asked of any broker with InitProducerId at start, asked again after an error (after
 * the backoff) or a request timeout (of the next broker), and replaced when a partition's sequences have a gap no
 * retry can fill (KIP-360; see {@link Producer}).
 */
final class ProducerIdManager {

    private final String owner;
    private final ProducerConfig config;
    private final ClientMetadata metadata;
    private final Runnable onNewIdentity;
    private Env env;
    private ClientRequestIds requestIds;

    private ProducerIdentity identity;
    private long initRequestId;
    private long initTimer = Timers.NO_TIMER;
    private int resets;

    ProducerIdManager(String owner, ProducerConfig config, ClientMetadata metadata, Runnable onNewIdentity) {
        this.owner = owner;
        this.config = config;
        this.metadata = metadata;
        this.onNewIdentity = onNewIdentity;
    }

    void start(Env startedEnv, ClientRequestIds ids) {
        this.env = startedEnv;
        this.requestIds = ids;
        if (config.enableIdempotence()) {
            sendInitProducerId();
        } else {
            identity = ProducerIdentity.NONE;
        }
    }

    /** The identity to number batches with; null while one is being asked for. */
    ProducerIdentity identity() {
        return identity;
    }

    int resets() {
        return resets;
    }

    private void sendInitProducerId() {
        if (initRequestId != 0) {
            return;
        }
        long requestId = requestIds.next();
        initRequestId = requestId;
        initTimer = env.timers().schedule(config.requestTimeoutMs() * 1_000_000L, () -> {
            if (initRequestId == requestId) {
                initRequestId = 0;
                initTimer = Timers.NO_TIMER;
                sendInitProducerId();
            }
        });
        env.network().send(metadata.anyBroker(), new InitProducerId(requestId));
    }

    void onReply(InitProducerIdReply reply) {
        if (reply.requestId() != initRequestId) {
            return;
        }
        env.timers().cancel(initTimer);
        initTimer = Timers.NO_TIMER;
        initRequestId = 0;
        if (reply.error() != ReplicationErrors.NONE) {
            // retriable or not, an idempotent producer cannot write without an id: ask again after the backoff
            env.trace().event("client", owner + " InitProducerId failed: " + reply.error());
            initTimer = env.timers().schedule(config.retryBackoffMs() * 1_000_000L, () -> {
                initTimer = Timers.NO_TIMER;
                sendInitProducerId();
            });
            return;
        }
        identity = new ProducerIdentity(reply.producerId(), reply.producerEpoch());
        env.trace().event("client", owner + " " + identity);
        onNewIdentity.run();
    }

    /**
     * KIP-360: drops the current identity and asks for a new one, when the gap is under the current identity (a
     * gap under a replaced one needs nothing).
     *
     * @return whether the identity was dropped
     */
    boolean reset(long gapProducerId, String reason) {
        if (!config.enableIdempotence() || identity == null || identity.producerId() != gapProducerId) {
            return false;
        }
        resets++;
        env.trace().event("client", owner + " resets " + identity + ": " + reason);
        identity = null;
        sendInitProducerId();
        return true;
    }
}
