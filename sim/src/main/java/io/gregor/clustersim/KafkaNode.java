package io.gregor.clustersim;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.ReplicaManager;
import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controllersim.BrokerLifecycle;
import io.gregor.controllersim.ControllerHost;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.controllersim.ControllerNode;
import io.gregor.controllersim.MetadataObserver;
import io.gregor.env.CallbackEnv;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.log.LogConfig;
import io.gregor.log.LogStorageException;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.RaftHost;
import io.gregor.replication.ReplicaConfig;

/**
 * A Kafka broker with its data plane: a broker that registers and heartbeats ({@link BrokerLifecycle}) and the
 * partitions it hosts ({@link ReplicaManager}), which lead and follow as the node's committed metadata image says.
 * In the combined deployment the node is also a KRaft controller voter ({@link ControllerNode}) and reads the
 * image from its own controller; in the split deployment ({@link #broker}) it is only a broker and observes the
 * metadata log ({@link MetadataObserver}).
 *
 * <h2>Routing</h2>
 * Raft and controller requests go to the controller (a split broker's raft messages to its observer);
 * {@link BrokerMessage}s to the replica manager; controller answers to the broker's own requests to the lifecycle,
 * except those to AlterPartition, whose request ids carry
 * {@link ReplicaManager#ALTER_PARTITION_ID_BIT}. AlterPartition goes to the controller the lifecycle believes active;
 * a NotController answer just lets the replica resend after its retry time.
 *
 * <h2>Metadata</h2>
 * After every event (messages, and through {@link CallbackEnv} also timers and fsync completions), if the
 * controller's committed metadata offset moved, the replica manager gets the new image: leadership changes reach
 * the replicas in the same event that committed them here — once this incarnation caught up with its own
 * registration (see {@link #afterEvent}).
 *
 * <h2>Storage failures</h2>
 * A partition log that fails (a failed fsync: its unsynced writes are gone) halts the whole node, as a Kafka broker
 * with one log directory does; so does the metadata log (the raft replica's own rule). The {@link
 * RaftNode.FatalErrorHandler} set with {@link #onFatalError} decides what halting means (the simulator crashes the
 * node and restarts it).
 */
public final class KafkaNode implements Node, RaftHost, ControllerHost {

    private final int nodeId;
    /** The combined deployment's controller, or null for a split broker. */
    private final ControllerNode controller;
    /** The split broker's view of the metadata log, or null on a combined node. */
    private final MetadataObserver observer;
    private final BrokerLifecycle lifecycle;
    private final ReplicaManager replicas;
    private RaftNode.FatalErrorHandler fatalErrorHandler = (id, reason) -> {
        throw new IllegalStateException("n" + id + ": " + reason);
    };
    private Env env;
    private boolean halted;
    private boolean shutdownDone;
    private long imageOffset = Long.MIN_VALUE;

    /** A combined node: a controller voter and a broker. */
    public KafkaNode(int nodeId, RaftConfig metadataQuorum, long sessionTimeoutNs, ReplicaConfig replicaConfig,
            LogConfig logConfig) {
        this(nodeId, metadataQuorum, replicaConfig, logConfig, new ControllerNode(metadataQuorum, sessionTimeoutNs),
                null);
        if (!metadataQuorum.voters().contains(nodeId)) {
            throw new IllegalArgumentException("n" + nodeId + " is not a voter of " + metadataQuorum.voters());
        }
    }

    /** A broker of the split deployment: it observes the metadata log of {@code metadataQuorum}'s voters. */
    public static KafkaNode broker(int nodeId, RaftConfig metadataQuorum, ReplicaConfig replicaConfig,
            LogConfig logConfig) {
        return new KafkaNode(nodeId, metadataQuorum, replicaConfig, logConfig, null,
                new MetadataObserver(nodeId, metadataQuorum));
    }

    private KafkaNode(int nodeId, RaftConfig metadataQuorum, ReplicaConfig replicaConfig, LogConfig logConfig,
            ControllerNode controller, MetadataObserver observer) {
        this.nodeId = nodeId;
        this.controller = controller;
        this.observer = observer;
        this.lifecycle = new BrokerLifecycle(nodeId, metadataQuorum.voters(), this::metadataOffset);
        this.replicas = new ReplicaManager(nodeId, replicaConfig, logConfig, lifecycle::brokerEpoch,
                (requestId, request) -> env.network().send(lifecycle.controllerGuess(),
                        new ControllerRpc(requestId, request)));
    }

    /** The offset of the last committed metadata record this node has applied (-1: none). */
    private long metadataOffset() {
        return controller != null ? controller.controller().committedOffset() : observer.offset();
    }

    /** What halting on a storage failure means (the metadata log's and the partition logs'). */
    public void onFatalError(RaftNode.FatalErrorHandler handler) {
        this.fatalErrorHandler = handler;
        raft().onFatalError(handler);
    }

    @Override
    public void start(Env nodeEnv) {
        this.env = CallbackEnv.around(nodeEnv, this::guarded);
        if (controller != null) {
            controller.start(env);
        } else {
            observer.raft().start(env);
        }
        lifecycle.start(env);
        replicas.start(env);
        guarded(() -> { });
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        guarded(() -> route(fromNodeId, message));
    }

    /**
     * Runs one event's work of the broker side, then looks at the metadata; a partition log failure it meets halts
     * the node. Nothing runs once halted.
     */
    private void guarded(Runnable work) {
        if (halted) {
            return;
        }
        try {
            work.run();
            afterEvent();
        } catch (LogStorageException e) {
            halt("partition log failure: " + e.getMessage());
            return;
        }
        String failed = replicas.failedLog();
        if (failed != null) {
            halt("partition log failed: " + failed);
        }
    }

    private void route(int from, Object message) {
        if (message instanceof ControllerReply r && (r.requestId() & ReplicaManager.ALTER_PARTITION_ID_BIT) != 0) {
            if (r.reply() instanceof AlterPartitionResponse response) {
                replicas.onAlterPartitionReply(r.requestId(), response);
            }
        } else if (message instanceof NotController n
                && (n.requestId() & ReplicaManager.ALTER_PARTITION_ID_BIT) != 0) {
            return; // the replica resends after its retry time, to the controller the lifecycle then believes in
        } else if (message instanceof ControllerReply || message instanceof NotController) {
            lifecycle.onMessage(from, message);
        } else if (message instanceof BrokerMessage m) {
            replicas.handle(from, m);
        } else if (controller != null) {
            controller.onMessage(from, message);
        } else if (message instanceof RaftMessage) {
            observer.raft().onMessage(from, message);
        }
    }

    @Override
    public void onConnection(int peerNodeId, boolean up) {
        if (!halted && controller != null) {
            controller.onConnection(peerNodeId, up);
        }
    }

    /**
     * Hands the replica manager a newer committed image, if there is one — but only once this incarnation has
     * registered and replayed the log past its own registration (Kafka's broker waits for this initial catch-up
     * before its replica manager starts). The registration is committed after the records that took this broker's
     * leaderships and ISR places away from its previous incarnation, so a restarted broker never leads in an epoch
     * it held before the crash, with a log that may have lost its unflushed tail (cluster job, seed 263).
     */
    private void afterEvent() {
        if (halted || raft().halted() || raft().quorum() == null) {
            return;
        }
        long offset = metadataOffset();
        long registration = lifecycle.brokerEpoch();
        if (registration < 0 || offset < registration) {
            return;
        }
        if (offset != imageOffset) {
            imageOffset = offset;
            replicas.onMetadata(controller != null ? controller.controller().image() : observer.image(), offset);
        }
    }

    /**
     * Begins a controlled shutdown (KIP-631): the controller moves this broker's leaderships away and takes it out
     * of the ISRs; once it lets the broker go, the broker flushes its logs and records its broker epoch in the
     * clean-shutdown file (KIP-966), after which {@link #readyToStop()} — the host may stop the process.
     */
    public void beginControlledShutdown() {
        guarded(() -> lifecycle.beginControlledShutdown(() -> replicas.flushAll(ok -> {
            if (ok) {
                long epoch = lifecycle.brokerEpoch();
                BrokerLifecycle.writeCleanShutdownFile(env, epoch, () -> {
                    shutdownDone = true;
                    env.trace().event("broker", "clean shutdown recorded at broker epoch " + epoch
                            + ": ready to stop");
                });
            }
        })));
    }

    /** Whether a controlled shutdown finished: the logs are flushed and the clean-shutdown file is durable. */
    public boolean readyToStop() {
        return shutdownDone && !halted;
    }

    private void halt(String reason) {
        if (!halted) {
            halted = true;
            env.trace().event("broker", "halting: " + reason);
            fatalErrorHandler.halt(nodeId, reason);
        }
    }

    @Override
    public RaftNode raft() {
        return controller != null ? controller.raft() : observer.raft();
    }

    /** This node's controller, or null for a split broker. */
    @Override
    public ControllerNode controllerNode() {
        return controller;
    }

    public ReplicaManager replicaManager() {
        return replicas;
    }

    /** The broker epoch of its current registration, or -1 while unregistered. */
    public long brokerEpoch() {
        return lifecycle.brokerEpoch();
    }

    /** Whether the last heartbeat reply said the broker is fenced. */
    public boolean fenced() {
        return lifecycle.fenced();
    }

    @Override
    public String toString() {
        return "KafkaNode[n" + nodeId + " " + (controller != null ? controller : "broker") + " " + replicas + "]";
    }
}
