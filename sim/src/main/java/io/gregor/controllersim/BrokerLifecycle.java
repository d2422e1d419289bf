package io.gregor.controllersim;

import io.gregor.controller.BrokerEndpoint;
import io.gregor.controller.BrokerHeartbeatReply;
import io.gregor.controller.BrokerHeartbeatRequest;
import io.gregor.controller.BrokerRegistrationReply;
import io.gregor.controller.BrokerRegistrationRequest;
import io.gregor.controller.Errors;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.env.Env;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A broker's life as the controller sees it (Kafka's BrokerLifecycleManager, KIP-631): register with a fresh
 * incarnation id at every start, then heartbeat every {@link #HEARTBEAT_INTERVAL_NS} with the broker's current
 * metadata offset — how far it has replayed the metadata log — so the controller unfences it once it caught up with
 * its own registration. Used by brokers that observe the metadata log ({@link SimBrokerNode}) and by combined nodes,
 * whose broker reads the controller's own replica of the log.
 *
 * <p>One request is in flight at a time; a missing answer is superseded by the next beat, which goes to the next
 * controller — the one asked may be down, and a broker that kept asking it would be fenced by the new active
 * controller for silence (cluster job, seed 5 with {@code --no-flush --writeback 1000}: every broker fenced 3 s after
 * a failover). NOT_CONTROLLER sends the next beat to the hinted leader (or the next controller);
 * STALE_BROKER_EPOCH or BROKER_ID_NOT_REGISTERED makes it register again.
 */
public final class BrokerLifecycle {

    /** Kafka's broker.heartbeat.interval.ms is 2 s; shorter here so fencing and unfencing show up quickly. */
    public static final long HEARTBEAT_INTERVAL_NS = 500_000_000L;

    private final int brokerId;
    private final List<Integer> controllers;
    private final LongSupplier metadataOffset;
    private Env env;
    private UUID incarnationId;
    private long brokerEpoch = -1;
    private long nextRequestId;
    private long inFlight;
    private int controllerGuess;
    private boolean fenced = true;

    /**
     * @param metadataOffset the offset of the last metadata record this broker has applied (-1 for none)
     */
    public BrokerLifecycle(int brokerId, List<Integer> controllers, LongSupplier metadataOffset) {
        this.brokerId = brokerId;
        this.controllers = List.copyOf(controllers);
        this.metadataOffset = metadataOffset;
    }

    /** Starts registering (call from the node's {@code start}). */
    public void start(Env nodeEnv) {
        this.env = nodeEnv;
        // deterministic, and new at every restart (the clock never goes back)
        this.incarnationId = new UUID(env.entropy().nextLong() ^ brokerId, env.clock().nanoTime());
        this.controllerGuess = controllers.get(env.entropy().nextInt(controllers.size()));
        env.timers().schedule(env.entropy().between(1, HEARTBEAT_INTERVAL_NS), this::beat);
    }

    /** The broker epoch of its current registration, or -1 while unregistered. */
    public long brokerEpoch() {
        return brokerEpoch;
    }

    /** The controller this broker currently believes is active (where its next request goes). */
    public int controllerGuess() {
        return controllerGuess;
    }

    /** Whether the last heartbeat reply said the broker is fenced. */
    public boolean fenced() {
        return fenced;
    }

    private void beat() {
        env.timers().schedule(HEARTBEAT_INTERVAL_NS, this::beat);
        if (inFlight != 0) {
            controllerGuess = controllers.get((controllers.indexOf(controllerGuess) + 1) % controllers.size());
        }
        inFlight = ++nextRequestId;
        if (brokerEpoch < 0) {
            env.network().send(controllerGuess, new ControllerRpc(inFlight, new BrokerRegistrationRequest(brokerId,
                    incarnationId, List.of(new BrokerEndpoint("PLAINTEXT", "broker" + brokerId, 9092, (short) 0)),
                    Optional.empty())));
        } else {
            env.network().send(controllerGuess, new ControllerRpc(inFlight,
                    new BrokerHeartbeatRequest(brokerId, brokerEpoch, metadataOffset.getAsLong(), false)));
        }
    }

    /** Handles a controller's answer to this broker's request; returns false if it is not one. */
    public boolean onMessage(int fromNodeId, Object message) {
        if (!(message instanceof NotController || message instanceof ControllerReply)) {
            return false;
        }
        if (((ControllerMessage) message).requestId() != inFlight) {
            return true; // a stale answer, or a duplicate
        }
        inFlight = 0;
        if (message instanceof NotController n) {
            controllerGuess = n.leaderHint() >= 0 ? n.leaderHint()
                    : controllers.get((controllers.indexOf(fromNodeId) + 1) % controllers.size());
        } else if (message instanceof ControllerReply r) {
            if (r.reply() instanceof BrokerRegistrationReply reg && reg.error() == Errors.NONE) {
                brokerEpoch = reg.brokerEpoch();
                env.trace().event("broker", "registered with broker epoch " + brokerEpoch);
            } else if (r.reply() instanceof BrokerHeartbeatReply hb) {
                if (hb.error() == Errors.STALE_BROKER_EPOCH || hb.error() == Errors.BROKER_ID_NOT_REGISTERED) {
                    env.trace().event("broker", "registration " + brokerEpoch + " lost (" + hb.error() + ")");
                    brokerEpoch = -1;
                } else if (hb.error() == Errors.NONE && hb.isFenced() != fenced) {
                    fenced = hb.isFenced();
                    env.trace().event("broker", fenced ? "fenced" : "unfenced");
                }
            }
        }
        return true;
    }
}
