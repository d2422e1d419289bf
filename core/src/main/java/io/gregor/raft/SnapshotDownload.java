package io.gregor.raft;

import io.gregor.log.OffsetAndEpoch;
import io.gregor.raft.RaftMessage.FetchResponse;
import io.gregor.raft.RaftMessage.FetchSnapshotRequest;
import io.gregor.raft.RaftMessage.FetchSnapshotResponse;
import java.util.function.Consumer;

/**
 * A follower's FetchSnapshot (KIP-630): the snapshot the leader named, fetched chunk by chunk from the position
 * reached so far into the store's {@code .part} file, then fsynced, checked and handed over whole. One at a time;
 * a leader change abandons it (the new leader names its own), but not once it is being installed.
 */
final class SnapshotDownload {

    private final SnapshotStore store;
    private OffsetAndEpoch id;
    private long positionBytes;
    private boolean installing;

    SnapshotDownload(SnapshotStore store) {
        this.store = store;
    }

    /** Whether a snapshot is being fetched (plain fetches wait). */
    boolean active() {
        return id != null;
    }

    /** Whether a complete download is being fsynced and checked (no fetch of any kind meanwhile). */
    boolean installing() {
        return installing;
    }

    void start(OffsetAndEpoch snapshotId) {
        if (!installing) {
            id = snapshotId;
            positionBytes = 0;
        }
    }

    void abandon() {
        if (!installing) {
            id = null;
        }
    }

    FetchSnapshotRequest request(int epoch, int selfId, long requestId) {
        return new FetchSnapshotRequest(epoch, selfId, id.endOffset(), id.epoch(), positionBytes, requestId);
    }

    /** Whether {@code m} answers for the snapshot being fetched. */
    boolean matches(FetchSnapshotResponse m) {
        return id != null && !installing && id.endOffset() == m.snapshotEndOffset() && id.epoch() == m.snapshotEpoch();
    }

    /**
     * Takes a matching answer: a chunk is written; the last one starts the install, and {@code onInstalled} later
     * gets the snapshot, or null if it failed its checks. SNAPSHOT_NOT_FOUND (the leader deleted it for a newer
     * one) abandons the download.
     */
    void onResponse(FetchSnapshotResponse m, Consumer<RaftSnapshot> onInstalled) {
        if (m.error() == FetchResponse.Error.SNAPSHOT_NOT_FOUND) {
            id = null;
            return;
        }
        if (m.position() != positionBytes || (m.bytes().length == 0 && positionBytes < m.sizeBytes())) {
            return; // out of step (a late duplicate): the next request asks from where we are
        }
        store.writeChunk(id, m.position(), m.bytes());
        positionBytes += m.bytes().length;
        if (positionBytes < m.sizeBytes()) {
            return;
        }
        installing = true;
        store.completeDownload(id, snapshot -> {
            installing = false;
            id = null;
            onInstalled.accept(snapshot);
        });
    }
}
