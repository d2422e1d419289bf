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
import io.gregor.env.Node;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A broker as the controller sees it: it registers (fresh incarnation id at every start), then heartbeats every
 * {@link #HEARTBEAT_INTERVAL_NS}, reporting the highest committed metadata offset it has heard of, so the
 * controller unfences it once it caught up with its own registration (KIP-631). It holds no partitions; the
 * nemesis crashes and cuts it off so its session lapses and the controller fences it and moves its leaderships.
 *
 * <p>One request is in flight at a time; a missing answer is simply superseded by the next beat. NOT_CONTROLLER
 * sends the next beat to the hinted leader (or the next voter); STALE_BROKER_EPOCH or BROKER_ID_NOT_REGISTERED
 * makes it register again.
 */
public final class SimBrokerNode implements Node {

    /** Kafka's broker.heartbeat.interval.ms is 2 s; shorter here so fencing and unfencing show up quickly. */
    public static final long HEARTBEAT_INTERVAL_NS = 500_000_000L;

    private final int brokerId;
    private final List<Integer> controllers;
    private Env env;
    private UUID incarnationId;
    private long brokerEpoch = -1;
    private long metadataOffset = -1;
    private long nextRequestId;
    private long inFlight;
    private int controllerGuess;
    private boolean fenced = true;

    public SimBrokerNode(int brokerId, List<Integer> controllers) {
        this.brokerId = brokerId;
        this.controllers = List.copyOf(controllers);
    }

    @Override
    public void start(Env env) {
        this.env = env;
        // deterministic, and new at every restart (the clock never goes back)
        this.incarnationId = new UUID(env.entropy().nextLong() ^ brokerId, env.clock().nanoTime());
        this.controllerGuess = controllers.get(env.entropy().nextInt(controllers.size()));
        env.timers().schedule(env.entropy().between(1, HEARTBEAT_INTERVAL_NS), this::beat);
    }

    /** The broker epoch of its current registration, or -1 while unregistered. */
    public long brokerEpoch() {
        return brokerEpoch;
    }

    /** Whether the last heartbeat reply said the broker is fenced. */
    public boolean fenced() {
        return fenced;
    }

    private void beat() {
        env.timers().schedule(HEARTBEAT_INTERVAL_NS, this::beat);
        inFlight = ++nextRequestId;
        if (brokerEpoch < 0) {
            env.network().send(controllerGuess, new ControllerRpc(inFlight, new BrokerRegistrationRequest(brokerId,
                    incarnationId, List.of(new BrokerEndpoint("PLAINTEXT", "broker" + brokerId, 9092, (short) 0)),
                    Optional.empty())));
        } else {
            env.network().send(controllerGuess, new ControllerRpc(inFlight,
                    new BrokerHeartbeatRequest(brokerId, brokerEpoch, metadataOffset, false)));
        }
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (!(message instanceof ControllerMessage m) || m.requestId() != inFlight) {
            return; // a stale answer, or a duplicate
        }
        inFlight = 0;
        if (message instanceof NotController n) {
            controllerGuess = n.leaderHint() >= 0 ? n.leaderHint()
                    : controllers.get((controllers.indexOf(fromNodeId) + 1) % controllers.size());
        } else if (message instanceof ControllerReply r) {
            metadataOffset = Math.max(metadataOffset, r.committedOffset());
            if (r.reply() instanceof BrokerRegistrationReply reg && reg.error() == Errors.NONE) {
                brokerEpoch = reg.brokerEpoch();
                metadataOffset = Math.max(metadataOffset, brokerEpoch);
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
    }
}
