package io.gregor.controllersim;

import io.gregor.common.Invariant;
import io.gregor.controller.MetadataDelta;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.MetadataLog;
import io.gregor.controller.MetadataRecord;
import io.gregor.controller.MetadataRecordSerde;
import io.gregor.controller.MetadataSnapshot;
import io.gregor.raft.RaftNode;
import io.gregor.raft.StateMachine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The controller's {@link MetadataLog} over a {@link RaftNode}, and the raft {@link StateMachine} that hands
 * committed batches back to the controller.
 *
 * <h2>Offsets</h2>
 * Metadata offsets <em>are</em> raft offsets: the controller appends only while active, and it becomes active only
 * after its own leader-change record committed, so between two of its appends nothing else enters the log and
 * {@code endOffset() + n - 1} is where a batch of {@code n} ends. Offsets the controller never sees (leader-change
 * control records, read barriers) are gaps, which {@code handleCommit} allows.
 *
 * <h2>Batches</h2>
 * The raft state machine sees committed records one at a time, but the controller needs its batches back whole
 * (they are atomic: a fence is partition changes plus a fence record). So each raft record carries a small frame
 * in front of the serialized metadata record: {@code kind:int8, index:int32, count:int32}; records are buffered
 * until the last of their batch commits. A raft batch is one v2 record batch, so it commits whole anyway; the
 * frame only restores the boundary.
 *
 * <h2>Read barriers</h2>
 * A {@link #KIND_BARRIER} record carries no metadata: the active controller appends one to learn that it still
 * leads (it commits only if a majority still follows this epoch), then answers reads from its committed image.
 *
 * <h2>Snapshots (KIP-630)</h2>
 * This state machine keeps its own committed {@link MetadataImage} (every whole batch delivered so far), so that
 * {@link #snapshot()} is the image as a {@link MetadataSnapshot} whatever its consumers do with the batches. When
 * raft restores a snapshot (at start, from the newest valid file; or on a follower that downloaded one with
 * FetchSnapshot because the leader trimmed its log past this node's end), {@link #restore} rebuilds the image from
 * it and tells the sink through {@link Sink#snapshotRestored} (with the records that changed): every offset
 * below the snapshot's end counts as committed, and the batches, barriers and leader changes it covers are never
 * delivered. Raft never restores on its leader, so the active controller never loses its pending batches to a
 * snapshot.
 */
final class RaftMetadataLog implements MetadataLog, StateMachine {

    static final byte KIND_RECORD = 0;
    static final byte KIND_BARRIER = 1;
    private static final int FRAME_BYTES = 1 + 4 + 4;

    /** What the node learns from committed records. */
    interface Sink {
        /** A whole metadata batch committed. */
        void batchCommitted(long baseOffset, List<MetadataRecord> records);

        /** A read barrier (or any record the controller does not see) committed at {@code offset}. */
        void barrierCommitted(long offset);

        /** The leader-change record of {@code epoch} naming {@code leaderId} committed. */
        void leaderChangeCommitted(long offset, int epoch, int leaderId);

        /**
         * The committed state was replaced by a snapshot: {@code image} is the metadata after every offset below
         * {@code endOffset}, and the next delivery is at or after {@code endOffset}. {@code changes} are the records
         * that turn the image delivered before (batch by batch, or by an earlier snapshot) into {@code image} ({@link
         * MetadataDelta}): all of it after a restart, only what the skipped log changed after a FetchSnapshot.
         *
         * <p>A consumer takes {@code image} in place of its own and counts {@code endOffset - 1} as its last
         * replayed offset; one that reacts to changes (a broker's partitions) reads {@code changes}.
         */
        void snapshotRestored(long endOffset, MetadataImage image, List<MetadataRecord> changes);
    }

    private RaftNode raft;
    private Sink sink;
    private final List<MetadataRecord> partial = new ArrayList<>();
    private long partialBaseOffset = -1;
    private long lastDeliveredOffset = -1;
    /** The image after every whole batch delivered (or restored): what a snapshot holds. */
    private MetadataImage image = MetadataImage.EMPTY;

    void bind(RaftNode raftNode, Sink committedSink) {
        this.raft = raftNode;
        this.sink = committedSink;
    }

    @Override
    public long endOffset() {
        return raft.log().logEndOffset();
    }

    @Override
    public long append(List<MetadataRecord> records) {
        Invariant.check(!records.isEmpty(), "empty metadata batch");
        List<byte[]> framed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            framed.add(frame(KIND_RECORD, i, records.size(), MetadataRecordSerde.serialize(records.get(i))));
        }
        long baseOffset = raft.append(framed);
        return baseOffset + records.size() - 1;
    }

    /** Appends a read barrier; returns its offset. @throws io.gregor.raft.NotLeaderException if not leading */
    long appendBarrier() {
        return raft.append(frame(KIND_BARRIER, 0, 1, new byte[0]));
    }

    @Override
    public void onCommit(long offset, byte[] record) {
        Invariant.check(offset > lastDeliveredOffset, "commit at %s after %s", offset, lastDeliveredOffset);
        lastDeliveredOffset = offset;
        ByteBuffer buf = ByteBuffer.wrap(record);
        Invariant.check(record.length >= FRAME_BYTES, "metadata raft record at %s too short: %s bytes", offset,
                record.length);
        byte kind = buf.get();
        int index = buf.getInt();
        int count = buf.getInt();
        if (kind == KIND_BARRIER) {
            Invariant.check(partial.isEmpty(), "barrier at %s inside a metadata batch", offset);
            sink.barrierCommitted(offset);
            return;
        }
        Invariant.check(kind == KIND_RECORD, "unknown frame kind %s at offset %s", kind, offset);
        Invariant.check(index == partial.size() && count > index, "record %s of %s at offset %s, expected index %s",
                index, count, offset, partial.size());
        if (index == 0) {
            partialBaseOffset = offset;
        }
        partial.add(MetadataRecordSerde.deserialize(Arrays.copyOfRange(record, FRAME_BYTES, record.length)));
        if (index == count - 1) {
            List<MetadataRecord> batch = List.copyOf(partial);
            partial.clear();
            image = image.applyAll(batch);
            sink.batchCommitted(partialBaseOffset, batch);
        }
    }

    @Override
    public void onLeaderChange(long offset, int epoch, int leaderId) {
        Invariant.check(partial.isEmpty(), "leader change at %s inside a metadata batch", offset);
        lastDeliveredOffset = Math.max(lastDeliveredOffset, offset);
        sink.leaderChangeCommitted(offset, epoch, leaderId);
    }

    /** The committed image as this log delivered it (whole batches only). */
    MetadataImage image() {
        return image;
    }

    /**
     * The committed image as a {@link MetadataSnapshot} ending after the last delivered offset — which is where raft
     * files it, since raft delivers whole raft batches and one raft batch is one metadata batch (or one barrier or
     * leader change). Null (no snapshot this time) in the middle of a batch, which that makes unreachable.
     */
    @Override
    public byte[] snapshot() {
        if (!partial.isEmpty()) {
            return null;
        }
        return MetadataSnapshot.serialize(lastDeliveredOffset + 1, image);
    }

    /**
     * Replaces the committed image with the snapshot's. The bytes passed raft's CRC, so a snapshot that does not
     * parse is a bug: its {@link io.gregor.controller.MetadataParseException} propagates and stops the node.
     */
    @Override
    public void restore(long endOffset, byte[] state) {
        Invariant.check(endOffset > lastDeliveredOffset, "snapshot ending at %s restored after offset %s was delivered",
                endOffset, lastDeliveredOffset);
        Invariant.check(partial.isEmpty(), "snapshot ending at %s restored in the middle of the batch at %s",
                endOffset, partialBaseOffset);
        MetadataImage restored = MetadataSnapshot.deserialize(endOffset, state);
        List<MetadataRecord> changes = MetadataDelta.records(image, restored);
        image = restored;
        lastDeliveredOffset = endOffset - 1;
        sink.snapshotRestored(endOffset, restored, changes);
    }

    private static byte[] frame(byte kind, int index, int count, byte[] body) {
        ByteBuffer buf = ByteBuffer.allocate(FRAME_BYTES + body.length);
        buf.put(kind).putInt(index).putInt(count).put(body);
        return buf.array();
    }
}
