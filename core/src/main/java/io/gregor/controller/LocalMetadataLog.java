package io.gregor.controller;

import io.gregor.common.Invariant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link MetadataLog} for a single controller with no quorum: an in-memory list where a batch is committed when
 * the owner says so ({@link #commitNext} / {@link #commitAll}). Used by tests and by simulations that do not need
 * raft; {@link #truncateUncommitted} models a leader losing its uncommitted tail.
 */
public final class LocalMetadataLog implements MetadataLog {

    /** Appended batches; those before {@code committedBatches} are committed. */
    private final List<List<MetadataRecord>> batches = new ArrayList<>();
    private final List<Long> baseOffsets = new ArrayList<>();
    private int committedBatches;
    private long endOffset;

    @Override
    public long endOffset() {
        return endOffset;
    }

    @Override
    public long append(List<MetadataRecord> records) {
        Invariant.check(!records.isEmpty(), "empty batch appended");
        baseOffsets.add(endOffset);
        batches.add(List.copyOf(records));
        endOffset += records.size();
        return endOffset - 1;
    }

    /** Whether some appended batch is not committed yet. */
    public boolean hasUncommitted() {
        return committedBatches < batches.size();
    }

    /** Commits the oldest uncommitted batch and tells {@code listener}. */
    public void commitNext(MetadataLog.Listener listener) {
        Invariant.check(hasUncommitted(), "nothing to commit");
        int i = committedBatches++;
        listener.handleCommit(baseOffsets.get(i), batches.get(i));
    }

    /** Commits every appended batch, in order, telling {@code listener} of each. */
    public void commitAll(MetadataLog.Listener listener) {
        while (hasUncommitted()) {
            commitNext(listener);
        }
    }

    /** Drops every uncommitted batch, as a deposed leader's log would lose them. */
    public void truncateUncommitted() {
        while (batches.size() > committedBatches) {
            int last = batches.size() - 1;
            endOffset = baseOffsets.get(last);
            batches.remove(last);
            baseOffsets.remove(last);
        }
    }

    /** Every committed record, in log order. */
    public List<MetadataRecord> committedRecords() {
        List<MetadataRecord> out = new ArrayList<>();
        for (int i = 0; i < committedBatches; i++) {
            out.addAll(batches.get(i));
        }
        return Collections.unmodifiableList(out);
    }
}
