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
import io.gregor.env.DiskException;
import io.gregor.env.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 *
 * <h2>Controlled shutdown (KIP-631) and the clean-shutdown file (KIP-966)</h2>
 * {@link #beginControlledShutdown} makes every heartbeat ask to shut down; the controller moves the broker's
 * leaderships away, takes it out of the ISRs and, once that is committed, answers that it may stop. The host then
 * flushes its logs and writes {@value #CLEAN_SHUTDOWN_FILE} holding its broker epoch ({@link #writeCleanShutdownFile}).
 * At the next start the lifecycle reads and deletes that file, and registers with the epoch as its previous broker
 * epoch: the controller then knows the broker lost nothing (it stays an eligible leader replica). A missing,
 * unreadable or malformed file means an unclean shutdown.
 */
public final class BrokerLifecycle {

    /** Written at a clean shutdown: {@code "0 <broker epoch>\n"} (format version, epoch). */
    public static final String CLEAN_SHUTDOWN_FILE = "clean-shutdown";

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
    private long previousBrokerEpoch = BrokerRegistrationRequest.NO_PREVIOUS_EPOCH;
    /** What to run when the controller lets this broker stop; null until asked, {@link #NOTHING} once run. */
    private Runnable shutdownGranted;
    private static final Runnable NOTHING = () -> { };

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
        this.previousBrokerEpoch = readCleanShutdownFile();
        env.timers().schedule(env.entropy().between(1, HEARTBEAT_INTERVAL_NS), this::beat);
    }

    /** The epoch the last incarnation recorded at its clean shutdown, the file then deleted; or none. */
    private long readCleanShutdownFile() {
        if (!env.disk().exists(CLEAN_SHUTDOWN_FILE)) {
            return BrokerRegistrationRequest.NO_PREVIOUS_EPOCH;
        }
        long epoch = BrokerRegistrationRequest.NO_PREVIOUS_EPOCH;
        try {
            long size = env.disk().size(CLEAN_SHUTDOWN_FILE);
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size, 64));
            env.disk().read(CLEAN_SHUTDOWN_FILE, 0, bytes);
            String[] words = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim()
                    .split(" ");
            if (words.length == 2 && words[0].equals("0") && words[1].matches("\\d{1,18}")) {
                epoch = Long.parseLong(words[1]);
            }
        } catch (DiskException e) {
            epoch = BrokerRegistrationRequest.NO_PREVIOUS_EPOCH;
        }
        env.trace().event("broker", epoch >= 0 ? "clean shutdown recorded at broker epoch " + epoch
                : "clean-shutdown file unreadable: taken as an unclean shutdown");
        env.disk().delete(CLEAN_SHUTDOWN_FILE);
        return epoch;
    }

    /**
     * Writes the clean-shutdown file for {@code brokerEpoch} and fsyncs it; {@code done} runs once it is durable
     * (not at all if the fsync fails: the shutdown is then unclean).
     */
    public static void writeCleanShutdownFile(Env env, long brokerEpoch, Runnable done) {
        byte[] text = ("0 " + brokerEpoch + "\n").getBytes(StandardCharsets.US_ASCII);
        env.disk().write(CLEAN_SHUTDOWN_FILE, 0, ByteBuffer.wrap(text));
        env.disk().fsync(CLEAN_SHUTDOWN_FILE, error -> {
            if (error == null) {
                done.run();
            }
        });
    }

    /**
     * Asks the controller for a controlled shutdown at every heartbeat from now on; {@code granted} runs once, when
     * the controller answers that the broker may stop (it leads nothing and is out of every ISR).
     */
    public void beginControlledShutdown(Runnable granted) {
        if (shutdownGranted == null && brokerEpoch >= 0) {
            shutdownGranted = granted;
            env.trace().event("broker", "controlled shutdown requested");
        }
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
                    Optional.empty(), previousBrokerEpoch)));
        } else {
            env.network().send(controllerGuess, new ControllerRpc(inFlight, new BrokerHeartbeatRequest(brokerId,
                    brokerEpoch, metadataOffset.getAsLong(), false, shutdownGranted != null)));
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
                previousBrokerEpoch = BrokerRegistrationRequest.NO_PREVIOUS_EPOCH; // told once: a later one is news
                env.trace().event("broker", "registered with broker epoch " + brokerEpoch);
            } else if (r.reply() instanceof BrokerHeartbeatReply hb) {
                if (hb.error() == Errors.STALE_BROKER_EPOCH || hb.error() == Errors.BROKER_ID_NOT_REGISTERED) {
                    env.trace().event("broker", "registration " + brokerEpoch + " lost (" + hb.error() + ")");
                    brokerEpoch = -1;
                } else if (hb.error() == Errors.NONE && hb.isFenced() != fenced) {
                    fenced = hb.isFenced();
                    env.trace().event("broker", fenced ? "fenced" : "unfenced");
                }
                if (hb.error() == Errors.NONE && hb.shouldShutDown() && shutdownGranted != null
                        && shutdownGranted != NOTHING) {
                    Runnable granted = shutdownGranted;
                    shutdownGranted = NOTHING;
                    env.trace().event("broker", "controlled shutdown granted");
                    granted.run();
                }
            }
        }
        return true;
    }
}
