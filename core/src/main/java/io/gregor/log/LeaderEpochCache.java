package io.gregor.log;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Leader epoch → the first offset written in it, for one log (Kafka's {@code LeaderEpochFileCache}). It answers
 * OffsetsForLeaderEpoch, which a follower asks after a leader change to find where its log diverges from the
 * leader's: truncating by epoch rather than by high watermark is what KIP-101 added to stop replicas losing or
 * diverging on committed data.
 *
 * <p>Entries are strictly increasing in both epoch and start offset. This class is the in-memory cache only; the
 * {@link Log} persists it to {@code leader-epoch-checkpoint} and rebuilds the part past its recovery point from
 * the batches themselves (each batch carries its partition leader epoch), so a stale checkpoint is harmless.
 */
public final class LeaderEpochCache {

    private final TreeMap<Integer, Long> epochs = new TreeMap<>();

    /**
     * Records that {@code epoch} starts at {@code startOffset}, if it is news: a new epoch, or an earlier start for
     * the latest one. Entries that would break monotonicity (an epoch at least as high, or a start offset at least
     * as far) are removed first, as Kafka does.
     *
     * @return whether the cache changed
     */
    public boolean assign(int epoch, long startOffset) {
        EpochEntry entry = new EpochEntry(epoch, startOffset);
        Map.Entry<Integer, Long> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == entry.epoch() && latest.getValue() <= entry.startOffset()) {
            return false;
        }
        Iterator<Map.Entry<Integer, Long>> descending = epochs.descendingMap().entrySet().iterator();
        while (descending.hasNext()) {
            Map.Entry<Integer, Long> e = descending.next();
            if (e.getKey() >= epoch || e.getValue() >= startOffset) {
                descending.remove();
            } else {
                break;
            }
        }
        epochs.put(epoch, startOffset);
        return true;
    }

    /** The latest epoch with data, if any. */
    public OptionalInt latestEpoch() {
        return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
    }

    /** The epoch the batch at {@code offset} was written in, if the cache covers it. */
    public OptionalInt epochForOffset(long offset) {
        Integer found = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= offset) {
                found = e.getKey();
            } else {
                break;
            }
        }
        return found == null ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /**
     * The end of {@code requestedEpoch} in this log (KIP-101/279): for the latest epoch, the log end offset;
     * otherwise the start offset of the next higher epoch, paired with the largest known epoch at most the
     * requested one. A request below every known epoch gets the start of the first one (the data before it was
     * deleted); a request above every epoch gets {@link OffsetAndEpoch#UNDEFINED}.
     */
    public OffsetAndEpoch endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || epochs.isEmpty()) {
            return OffsetAndEpoch.UNDEFINED;
        }
        if (epochs.lastKey() == requestedEpoch) {
            return new OffsetAndEpoch(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return OffsetAndEpoch.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
        int epoch = floor == null ? requestedEpoch : floor.getKey();
        return new OffsetAndEpoch(epoch, higher.getValue());
    }

    /** Removes entries starting at or after {@code endOffset} (the log was truncated there). */
    public boolean truncateFromEnd(long endOffset) {
        boolean changed = false;
        Iterator<Map.Entry<Integer, Long>> descending = epochs.descendingMap().entrySet().iterator();
        while (descending.hasNext()) {
            if (descending.next().getValue() >= endOffset) {
                descending.remove();
                changed = true;
            } else {
                break;
            }
        }
        return changed;
    }

    /**
     * The log start moved to {@code startOffset}: entries before it go, except that the epoch covering
     * {@code startOffset} stays with its start moved up to it.
     */
    public boolean truncateFromStart(long startOffset) {
        Map.Entry<Integer, Long> covering = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= startOffset) {
                covering = e;
            } else {
                break;
            }
        }
        if (covering == null || covering.getValue() == startOffset && epochs.firstKey().equals(covering.getKey())) {
            return false;
        }
        int keep = covering.getKey();
        epochs.headMap(keep, false).clear();
        epochs.put(keep, startOffset);
        return true;
    }

    public void clear() {
        epochs.clear();
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The entries, oldest first. */
    public List<EpochEntry> entries() {
        List<EpochEntry> out = new ArrayList<>(epochs.size());
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            out.add(new EpochEntry(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "LeaderEpochCache" + entries();
    }
}
