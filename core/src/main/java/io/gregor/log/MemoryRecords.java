package io.gregor.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Zero or more whole record batches back to back in one buffer: what a log read returns and what a follower
 * appends. Read-only; iterating hands out one {@link RecordBatch} flyweight per batch.
 */
public final class MemoryRecords {

    /** No batches. */
    public static final MemoryRecords EMPTY = new MemoryRecords(ByteBuffer.allocate(0));

    private final ByteBuffer buffer;

    private MemoryRecords(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** Wraps {@code buffer} from its position to its limit (not copied; later changes to it show through). */
    public static MemoryRecords readableRecords(ByteBuffer buffer) {
        return new MemoryRecords(buffer.slice().asReadOnlyBuffer());
    }

    /** Concatenates batches into one buffer (copied). */
    public static MemoryRecords of(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        out.flip();
        return new MemoryRecords(out.asReadOnlyBuffer());
    }

    public int sizeInBytes() {
        return buffer.remaining();
    }

    /** A read-only view of all the bytes, position 0. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    /**
     * The batches in order. The iterator checks that each batch's declared length fits in what is left.
     *
     * @throws CorruptRecordException from the iterator when a length points past the end
     */
    public Iterable<RecordBatch> batches() {
        return () -> new Iterator<>() {
            private int position = buffer.position();

            @Override
            public boolean hasNext() {
                return position < buffer.limit();
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int left = buffer.limit() - position;
                if (left < RecordBatch.LOG_OVERHEAD) {
                    throw new CorruptRecordException("trailing " + left + " bytes are not a record batch");
                }
                RecordBatch batch = new RecordBatch().wrap(buffer, position);
                int size = batch.batchLength();
                if (size < RecordBatch.RECORD_BATCH_OVERHEAD - RecordBatch.LOG_OVERHEAD
                        || size > left - RecordBatch.LOG_OVERHEAD) {
                    throw new CorruptRecordException("record batch at byte " + position + " declares length "
                            + size + " but " + (left - RecordBatch.LOG_OVERHEAD) + " bytes follow");
                }
                position += RecordBatch.LOG_OVERHEAD + size;
                return batch;
            }
        };
    }

    /** The batches in a list. */
    public List<RecordBatch> batchList() {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch b : batches()) {
            out.add(b);
        }
        return out;
    }

    /** Every record of every batch, in order. */
    public List<Record> records() {
        List<Record> out = new ArrayList<>();
        for (RecordBatch b : batches()) {
            for (Record r : b.records()) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "MemoryRecords(" + sizeInBytes() + " bytes)";
    }
}
