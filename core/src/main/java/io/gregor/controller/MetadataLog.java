package io.gregor.controller;

import java.util.List;

/**
 * The replicated log the controller writes to: the narrow seam between this package and a quorum (KRaft's
 * RaftClient in Kafka). The active controller appends batches; the log later reports, in offset order, every
 * batch that became committed — the controller's own and, on standbys, the leader's — through {@link Listener}.
 *
 * <p>Each record takes one offset. A batch is atomic: it commits whole or not at all.
 */
public interface MetadataLog {

    /** The offset the next appended record will get (so a broker epoch can be the offset of its registration). */
    long endOffset();

    /**
     * Appends {@code records} as one batch (only while this node leads the quorum).
     *
     * @return the offset of the last record of the batch, {@code endOffset() + records.size() - 1} before the call
     */
    long append(List<MetadataRecord> records);

    /** Receives committed batches, in log order, each exactly once. */
    interface Listener {

        /** The batch whose first record is at {@code baseOffset} is committed. */
        void handleCommit(long baseOffset, List<MetadataRecord> records);
    }
}
