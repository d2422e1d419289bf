package io.gregor.log;

/**
 * What the log remembers of one batch an idempotent producer appended (Kafka's {@code BatchMetadata}): enough to
 * recognise a retry of it and answer with the offsets it got the first time.
 *
 * @param lastSequence the sequence number of the batch's last record
 * @param lastOffset the offset of the batch's last record
 * @param offsetDelta records in the batch minus one: both the offset span and the sequence span
 * @param timestamp the batch's max timestamp (what producer-id expiry measures idleness from)
 */
public record BatchMetadata(int lastSequence, long lastOffset, int offsetDelta, long timestamp) {

    public BatchMetadata {
        if (lastSequence < 0) {
            throw new IllegalArgumentException("last sequence must not be negative: " + lastSequence);
        }
        if (offsetDelta < 0) {
            throw new IllegalArgumentException("offset delta must not be negative: " + offsetDelta);
        }
        if (lastOffset < offsetDelta) {
            throw new IllegalArgumentException("last offset " + lastOffset + " is below its offset delta "
                    + offsetDelta);
        }
    }

    /** The metadata of {@code batch} as the log holds it (offsets assigned). */
    static BatchMetadata of(RecordBatch batch) {
        return new BatchMetadata(batch.lastSequence(), batch.lastOffset(), batch.lastOffsetDelta(),
                batch.maxTimestamp());
    }

    /** The first record's sequence, undoing the wraparound at {@code Integer.MAX_VALUE} as Kafka does. */
    public int firstSequence() {
        return decrementSequence(lastSequence, offsetDelta);
    }

    public long firstOffset() {
        return lastOffset - offsetDelta;
    }

    /** Whether a batch with these first and last sequences is this one sent again. */
    boolean sameSequences(int otherFirstSequence, int otherLastSequence) {
        return firstSequence() == otherFirstSequence && lastSequence == otherLastSequence;
    }

    /** {@code sequence - decrement}, where sequences count 0..Integer.MAX_VALUE and then start at 0 again. */
    static int decrementSequence(int sequence, int decrement) {
        if (sequence < decrement) {
            return Integer.MAX_VALUE - (decrement - sequence) + 1;
        }
        return sequence - decrement;
    }

    /** Whether {@code nextSequence} is the one that follows {@code lastSequence} (KIP-98: +1, wrapping to 0). */
    static boolean inSequence(int lastSequence, int nextSequence) {
        return nextSequence == lastSequence + 1L || (nextSequence == 0 && lastSequence == Integer.MAX_VALUE);
    }
}
