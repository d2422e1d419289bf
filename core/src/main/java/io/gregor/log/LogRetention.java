package io.gregor.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Which old segments retention deletes (Kafka's {@code retention.bytes} and {@code retention.ms}): a prefix of
 * the log, oldest first, stopping at the first segment that is neither too old nor needed to get under the size
 * limit. Never the active segment, and never a segment that is not wholly below {@code boundOffset} (the
 * recovery point and the high watermark: data not yet durable, or that a follower may still need, stays).
 */
final class LogRetention {

    /** A segment to delete and the rule that deletes it ({@code "time"} or {@code "size"}). */
    record Deletion(LogSegment segment, String reason) {
    }

    private LogRetention() {
    }

    /**
     * @param oldestFirst every segment of the log, oldest first (the last is the active one)
     * @param totalBytes the log's size
     */
    static List<Deletion> deletable(List<LogSegment> oldestFirst, LogConfig config, long nowMs, long boundOffset,
            long totalBytes) {
        List<Deletion> out = new ArrayList<>();
        boolean sizeLimited = config.retentionBytes() >= 0;
        long excessBytes = totalBytes - config.retentionBytes();
        for (int i = 0; i < oldestFirst.size() - 1; i++) {
            LogSegment segment = oldestFirst.get(i);
            if (segment.nextOffset() > boundOffset) {
                break;
            }
            // a segment's age is its newest record's; an empty segment's, its creation
            long newestMs = segment.maxTimestampSoFar() != RecordBatch.NO_TIMESTAMP ? segment.maxTimestampSoFar()
                    : segment.createdMs();
            boolean expired = config.retentionMs() >= 0 && nowMs - newestMs > config.retentionMs();
            boolean oversize = sizeLimited && excessBytes >= segment.sizeBytes();
            if (!expired && !oversize) {
                break;
            }
            out.add(new Deletion(segment, expired ? "time" : "size"));
            excessBytes -= segment.sizeBytes();
        }
        return out;
    }
}
