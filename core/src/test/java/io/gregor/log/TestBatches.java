package io.gregor.log;

import io.gregor.env.Trace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Batches and small helpers for log tests. */
public final class TestBatches {

    private TestBatches() {
    }

    /** A trace that keeps its lines, so tests can show what the log did. */
    public static final class ListTrace implements Trace {
        public final List<String> lines = new ArrayList<>();

        @Override
        public void event(String category, String text) {
            lines.add(category + " " + text);
        }
    }

    /** A batch of {@code records} records with {@code valueBytes}-byte values whose bytes spell {@code tag}. */
    public static ByteBuffer batch(long timestamp, int records, int valueBytes, int tag) {
        RecordBatchBuilder b = new RecordBatchBuilder();
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueBytes];
            for (int j = 0; j < valueBytes; j++) {
                value[j] = (byte) (tag * 31 + i * 7 + j);
            }
            b.append(timestamp, ("k" + tag + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
        }
        return b.build();
    }

    /**
     * An idempotent producer's batch: {@code records} records numbered from {@code firstSequence}, with values
     * that spell the producer and sequence (so each batch's bytes differ).
     */
    public static ByteBuffer producerBatch(long timestamp, long producerId, short epoch, int firstSequence,
            int records) {
        RecordBatchBuilder b = new RecordBatchBuilder().producer(producerId, epoch, firstSequence);
        for (int i = 0; i < records; i++) {
            b.append(timestamp, "p" + producerId, "e" + epoch + "s" + firstSequence + "+" + i);
        }
        return b.build();
    }

    /** One record of {@code valueBytes} bytes. */
    public static ByteBuffer batch(long timestamp, int valueBytes) {
        return batch(timestamp, 1, valueBytes, 0);
    }

    /** The batch bytes as an array. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Reads the whole log from its start, batch by batch, as byte arrays. */
    public static List<RecordBatch> readAll(Log log) {
        List<RecordBatch> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            MemoryRecords records = log.read(next, 64 * 1024);
            List<RecordBatch> batches = records.batchList();
            if (batches.isEmpty()) {
                throw new AssertionError("read at " + next + " returned nothing though the log ends at "
                        + log.logEndOffset());
            }
            for (RecordBatch b : batches) {
                out.add(b);
                next = b.nextOffset();
            }
        }
        return out;
    }
}
