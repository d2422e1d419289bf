package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.controller.MetadataRecord;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftNode;
import java.util.List;

/**
 * A broker's view of the metadata log in the split deployment: an <em>observer</em> {@link RaftNode} — its id is
 * not a voter; it fetches from the quorum's leader — that replays every committed batch into its own
 * {@link MetadataImage}, the way a Kafka broker learns topics, partitions and leaders. A restart rebuilds the image
 * from the broker's own copy of the log (and its snapshot, KIP-630).
 */
public final class MetadataObserver {

    private final RaftMetadataLog metadata = new RaftMetadataLog();
    private final RaftNode raft;
    private MetadataImage image = MetadataImage.EMPTY;
    /** The offset of the last metadata record replayed (-1: none), as the controller's committed offset counts. */
    private long offset = -1;

    public MetadataObserver(int brokerId, RaftConfig metadataQuorum) {
        if (metadataQuorum.voters().contains(brokerId)) {
            throw new IllegalArgumentException("broker " + brokerId + " is a voter; a combined node hosts both");
        }
        this.raft = new RaftNode(metadataQuorum, metadata);
        metadata.bind(raft, new RaftMetadataLog.Sink() {
            @Override
            public void batchCommitted(long baseOffset, List<MetadataRecord> records) {
                image = image.applyAll(records);
                offset = baseOffset + records.size() - 1;
            }

            @Override
            public void barrierCommitted(long barrierOffset) {
            }

            @Override
            public void leaderChangeCommitted(long changeOffset, int epoch, int leaderId) {
            }

            @Override
            public void snapshotRestored(long endOffset, MetadataImage restored, List<MetadataRecord> changes) {
                image = restored; // (KIP-630: a restart, or a download because the leader trimmed past our end)
                offset = endOffset - 1;
            }
        });
    }

    public RaftNode raft() {
        return raft;
    }

    /** The metadata image replayed from the log so far. */
    public MetadataImage image() {
        return image;
    }

    /** The offset of the last metadata record replayed into {@link #image()}, or -1. */
    public long offset() {
        return offset;
    }
}
