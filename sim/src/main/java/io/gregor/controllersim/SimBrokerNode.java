package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.RaftHost;

/**
 * A broker in the split deployment (KRaft's {@code process.roles=broker}) without partitions: a
 * {@link MetadataObserver} of the metadata log, and a {@link BrokerLifecycle} that registers with the active
 * controller and heartbeats with the offset it has replayed, so the controller unfences it only once it caught up
 * with its own registration (KIP-631).
 *
 * <p>It holds no partitions (the cluster job's split brokers, {@code KafkaNode.broker}, do); the nemesis crashes and cuts it off, so its session lapses and the controller
 * fences it and moves its leaderships. A restart rebuilds the image from the broker's own copy of the log.
 */
public final class SimBrokerNode implements Node, RaftHost {

    private final MetadataObserver metadata;
    private final BrokerLifecycle lifecycle;

    public SimBrokerNode(int brokerId, RaftConfig metadataQuorum) {
        this.metadata = new MetadataObserver(brokerId, metadataQuorum);
        this.lifecycle = new BrokerLifecycle(brokerId, metadataQuorum.voters(), metadata::offset);
    }

    @Override
    public void start(Env env) {
        metadata.raft().start(env);
        lifecycle.start(env);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (message instanceof RaftMessage) {
            metadata.raft().onMessage(fromNodeId, message);
        } else {
            lifecycle.onMessage(fromNodeId, message);
        }
    }

    @Override
    public RaftNode raft() {
        return metadata.raft();
    }

    /** The metadata image replayed from the log so far. */
    public MetadataImage image() {
        return metadata.image();
    }

    /** The offset of the last metadata record replayed into {@link #image()}, or -1. */
    public long metadataOffset() {
        return metadata.offset();
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
