package io.gregor.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds one uncompressed record batch in format v2 (see {@link RecordBatch} for the layout). Records are encoded
 * as they are appended; {@link #build()} writes the header, computes the CRC and hands back the bytes.
 *
 * <p>The base timestamp is the first record's timestamp and each record stores its delta from it, as Kafka's
 * producer does. The size is bounded by {@code maxBatchSizeBytes}: an append that would pass it throws, so a
 * producer checks {@link #hasRoomFor} first. Reusable after {@link #build()} or {@link #reset()}.
 */
public final class RecordBatchBuilder {

    /** Kafka's default {@code max.message.bytes} (1 MiB plus the v2 header). */
    public static final int DEFAULT_MAX_BATCH_SIZE_BYTES = 1024 * 1024 + 12;

    private final int maxBatchSizeBytes;
    private ByteBuffer buffer;

    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private boolean transactional;
    private boolean control;

    private int recordCount;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;

    public RecordBatchBuilder() {
        this(DEFAULT_MAX_BATCH_SIZE_BYTES);
    }

    public RecordBatchBuilder(int maxBatchSizeBytes) {
        if (maxBatchSizeBytes < RecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new IllegalArgumentException("maxBatchSizeBytes " + maxBatchSizeBytes
                    + " is smaller than the batch header (" + RecordBatch.RECORD_BATCH_OVERHEAD + " bytes)");
        }
        this.maxBatchSizeBytes = maxBatchSizeBytes;
        this.buffer = ByteBuffer.allocate(Math.min(maxBatchSizeBytes, 1024));
        reset();
    }

    /** The first record's offset; the leader's log overwrites it on append, a follower's keeps it. */
    public RecordBatchBuilder baseOffset(long offset) {
        this.baseOffset = offset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** Idempotent-producer fields: producer id and epoch, and the first record's sequence number. */
    public RecordBatchBuilder producer(long id, short epoch, int firstSequence) {
        this.producerId = id;
        this.producerEpoch = epoch;
        this.baseSequence = firstSequence;
        return this;
    }

    public RecordBatchBuilder timestampType(TimestampType type) {
        this.timestampType = type;
        return this;
    }

    public RecordBatchBuilder transactional(boolean isTransactional) {
        this.transactional = isTransactional;
        return this;
    }

    public RecordBatchBuilder control(boolean isControl) {
        this.control = isControl;
        return this;
    }

    /** Appends a record with UTF-8 key and value (either may be null). */
    public RecordBatchBuilder append(long timestamp, String key, String value) {
        return append(timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a record; key and value may be null. */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        return append(timestamp, key == null ? null : ByteBuffer.wrap(key),
                value == null ? null : ByteBuffer.wrap(value), List.of(headers));
    }

    /**
     * Appends a record (key and value are read from position to limit and not consumed).
     *
     * @throws RecordBatchTooLargeException if the batch would pass {@code maxBatchSizeBytes}
     */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int offsetDelta = recordCount;
        int bodySize = recordBodySize(timestampDelta, offsetDelta, key, value, headers);
        int recordSize = Varint.sizeOfVarint(bodySize) + bodySize;
        if (buffer.position() + (long) recordSize > maxBatchSizeBytes) {
            throw new RecordBatchTooLargeException("record of " + recordSize + " bytes does not fit in a batch of "
                    + "at most " + maxBatchSizeBytes + " bytes (already " + buffer.position() + ")");
        }
        ensureCapacity(recordSize);
        Varint.writeVarint(bodySize, buffer);
        buffer.put((byte) 0);
        Varint.writeVarlong(timestampDelta, buffer);
        Varint.writeVarint(offsetDelta, buffer);
        writeBytes(key);
        writeBytes(value);
        Varint.writeVarint(headers.size(), buffer);
        for (Header h : headers) {
            byte[] headerKey = h.key().getBytes(StandardCharsets.UTF_8);
            Varint.writeVarint(headerKey.length, buffer);
            buffer.put(headerKey);
            writeBytes(h.value());
        }
        recordCount++;
        maxTimestamp = recordCount == 1 ? timestamp : Math.max(maxTimestamp, timestamp);
        return this;
    }

    /** Whether a record like this still fits under {@code maxBatchSizeBytes}. */
    public boolean hasRoomFor(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        long delta = recordCount == 0 ? 0 : timestamp - baseTimestamp;
        int bodySize = recordBodySize(delta, recordCount, key, value, headers);
        return buffer.position() + (long) Varint.sizeOfVarint(bodySize) + bodySize <= maxBatchSizeBytes;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Bytes the batch would take if built now. */
    public int sizeInBytes() {
        return buffer.position();
    }

    /**
     * Writes the header and CRC and returns the batch in a new buffer (position 0, limit its size). The builder is
     * reset for the next batch (keeping the producer and type settings).
     *
     * @throws IllegalStateException if no record was appended: an empty batch is not valid
     */
    public ByteBuffer build() {
        if (recordCount == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        int size = buffer.position();
        ByteBuffer out = ByteBuffer.allocate(size);
        buffer.flip();
        out.put(buffer);
        out.flip();
        short attributes = (short) ((timestampType == TimestampType.LOG_APPEND_TIME ? RecordBatch.TIMESTAMP_TYPE_MASK : 0)
                | (transactional ? RecordBatch.TRANSACTIONAL_FLAG_MASK : 0)
                | (control ? RecordBatch.CONTROL_FLAG_MASK : 0));
        out.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        out.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        out.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        out.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_VALUE_V2);
        out.putShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
        out.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, recordCount - 1);
        out.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        out.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        out.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        out.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        out.putInt(RecordBatch.RECORDS_COUNT_OFFSET, recordCount);
        RecordBatch batch = RecordBatch.of(out);
        out.putInt(RecordBatch.CRC_OFFSET, (int) batch.computeChecksum());
        reset();
        return out;
    }

    /** Drops the appended records; producer, epoch, offset and type settings stay. */
    public RecordBatchBuilder reset() {
        buffer.clear();
        buffer.position(RecordBatch.RECORD_BATCH_OVERHEAD);
        recordCount = 0;
        baseTimestamp = RecordBatch.NO_TIMESTAMP;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        return this;
    }

    private static int recordBodySize(long timestampDelta, int offsetDelta, ByteBuffer key, ByteBuffer value,
            List<Header> headers) {
        int size = 1 + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
                + bytesFieldSize(key) + bytesFieldSize(value) + Varint.sizeOfVarint(headers.size());
        for (Header h : headers) {
            int keyBytes = h.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOfVarint(keyBytes) + keyBytes + bytesFieldSize(h.value());
        }
        return size;
    }

    private static int bytesFieldSize(ByteBuffer bytes) {
        return bytes == null ? 1 : Varint.sizeOfVarint(bytes.remaining()) + bytes.remaining();
    }

    private void writeBytes(ByteBuffer bytes) {
        if (bytes == null) {
            Varint.writeVarint(-1, buffer);
        } else {
            Varint.writeVarint(bytes.remaining(), buffer);
            buffer.put(bytes.duplicate());
        }
    }

    private void ensureCapacity(int extra) {
        if (buffer.remaining() >= extra) {
            return;
        }
        int needed = buffer.position() + extra;
        int capacity = (int) Math.min(maxBatchSizeBytes, Math.max((long) needed, 2L * buffer.capacity()));
        ByteBuffer grown = ByteBuffer.allocate(capacity);
        buffer.flip();
        grown.put(buffer);
        buffer = grown;
    }
}
