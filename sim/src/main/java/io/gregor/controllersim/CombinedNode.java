package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.RaftHost;

/**
 * A node of the combined deployment (KRaft's {@code process.roles=broker,controller}): a controller voter and a
 * broker in one process. The broker needs no replica of its own — it reads the metadata through the controller's
 * (its image is the controller's committed image, its metadata offset the controller's committed offset) — and it
 * registers and heartbeats like any broker, possibly with itself when its controller is the active one. A crash
 * takes both down: the quorum loses a voter and the cluster a broker at once.
 */
public final class CombinedNode implements Node, RaftHost, ControllerHost {

    private final ControllerNode controller;
    private final BrokerLifecycle lifecycle;

    public CombinedNode(int nodeId, RaftConfig metadataQuorum, long sessionTimeoutNs) {
        this(nodeId, metadataQuorum, sessionTimeoutNs, false);
    }

    /** @param readsWithoutBarrier a bug switch for tests (see {@link ControllerNode}'s package constructor) */
    CombinedNode(int nodeId, RaftConfig metadataQuorum, long sessionTimeoutNs, boolean readsWithoutBarrier) {
        if (!metadataQuorum.voters().contains(nodeId)) {
            throw new IllegalArgumentException("n" + nodeId + " is not a voter of " + metadataQuorum.voters());
        }
        this.controller = new ControllerNode(metadataQuorum, sessionTimeoutNs, readsWithoutBarrier);
        this.lifecycle = new BrokerLifecycle(nodeId, metadataQuorum.voters(),
                () -> controller.controller().committedOffset());
    }

    @Override
    public void start(Env env) {
        controller.start(env);
        lifecycle.start(env);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (message instanceof ControllerReply || message instanceof NotController) {
            lifecycle.onMessage(fromNodeId, message); // answers to this node's broker
        } else {
            controller.onMessage(fromNodeId, message);
        }
    }

    @Override
    public void onConnection(int peerNodeId, boolean up) {
        controller.onConnection(peerNodeId, up);
    }

    @Override
    public RaftNode raft() {
        return controller.raft();
    }

    @Override
    public ControllerNode controllerNode() {
        return controller;
    }

    /** The broker half's view of the metadata: the controller's committed image. */
    public MetadataImage image() {
        return controller.controller().image();
    }

    /** The broker epoch of its current registration, or -1 while unregistered. */
    public long brokerEpoch() {
        return lifecycle.brokerEpoch();
    }

    /** Whether the last heartbeat reply said the broker is fenced. */
    public boolean fenced() {
        return lifecycle.fenced();
    }
}
