package io.gregor.log;

/**
 * One leader epoch and the offset of the first batch appended in it.
 *
 * @param epoch the leader epoch, {@code >= 0}
 * @param startOffset the first offset written in that epoch, {@code >= 0}
 */
public record EpochEntry(int epoch, long startOffset) {

    public EpochEntry {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException("invalid leader epoch entry: epoch " + epoch + ", start offset "
                    + startOffset);
        }
    }
}
