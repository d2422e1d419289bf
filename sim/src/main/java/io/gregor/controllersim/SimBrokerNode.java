package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.controller.MetadataRecord;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.RaftHost;
import java.util.List;

/**
 * A broker in the split deployment (KRaft's {@code process.roles=broker}): an <em>observer</em> of the metadata log
 * — a {@link RaftNode} whose id is not a voter, fetching from the quorum's leader — that replays every committed
 * batch into its own {@link MetadataImage}, the way a Kafka broker learns topics, partitions and leaders; and a
 * {@link BrokerLifecycle} that registers with the active controller and heartbeats with the offset it has replayed,
 * so the controller unfences it only once it caught up with its own registration (KIP-631).
 *
 * <p>It holds no partitions yet; the nemesis crashes and cuts it off, so its session lapses and the controller
 * fences it and moves its leaderships. A restart rebuilds the image from the broker's own copy of the log.
 */
public final class SimBrokerNode implements Node, RaftHost {

    private final RaftMetadataLog metadata = new RaftMetadataLog();
    private final RaftNode raft;
    private final BrokerLifecycle lifecycle;
    private MetadataImage image = MetadataImage.EMPTY;
    /** The offset of the last metadata record replayed (-1: none), as the controller's committed offset counts. */
    private long metadataOffset = -1;

    public SimBrokerNode(int brokerId, RaftConfig metadataQuorum) {
        if (metadataQuorum.voters().contains(brokerId)) {
            throw new IllegalArgumentException("broker " + brokerId + " is a voter; a combined node hosts both");
        }
        this.raft = new RaftNode(metadataQuorum, metadata);
        this.lifecycle = new BrokerLifecycle(brokerId, metadataQuorum.voters(), () -> metadataOffset);
        metadata.bind(raft, new RaftMetadataLog.Sink() {
            @Override
            public void batchCommitted(long baseOffset, List<MetadataRecord> records) {
                image = image.applyAll(records);
                metadataOffset = baseOffset + records.size() - 1;
            }

            @Override
            public void barrierCommitted(long offset) {
            }

            @Override
            public void leaderChangeCommitted(long offset, int epoch, int leaderId) {
            }

            @Override
            public void snapshotRestored(long endOffset, MetadataImage restored, List<MetadataRecord> changes) {
                image = restored; // (KIP-630: a restart, or a download because the leader trimmed past our end)
                metadataOffset = endOffset - 1;
            }
        });
    }

    @Override
    public void start(Env env) {
        raft.start(env);
        lifecycle.start(env);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (message instanceof RaftMessage) {
            raft.onMessage(fromNodeId, message);
        } else {
            lifecycle.onMessage(fromNodeId, message);
        }
    }

    @Override
    public RaftNode raft() {
        return raft;
    }

    /** The metadata image replayed from the log so far. */
    public MetadataImage image() {
        return image;
    }

    /** The offset of the last metadata record replayed into {@link #image()}, or -1. */
    public long metadataOffset() {
        return metadataOffset;
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
