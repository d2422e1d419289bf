package io.gregor.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A flyweight over one record batch in Kafka's format v2 ("magic 2"), byte for byte, so that the log, the
 * simulator and the wire agree. Nothing is copied: accessors read the header fields in place, and the two setters
 * that the log needs on append rewrite them in place.
 *
 * <h2>Layout (big-endian)</h2>
 * <pre>
 *  0 baseOffset           int64   offset of the first record
 *  8 batchLength          int32   bytes after this field (the batch is 12 + batchLength bytes)
 * 12 partitionLeaderEpoch int32   epoch of the leader that appended it; set by the log (not covered by the CRC)
 * 16 magic                int8    2
 * 17 crc                  uint32  CRC-32C (Castagnoli) of bytes [21, end)
 * 21 attributes           int16   bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control,
 *                                 6 delete horizon
 * 23 lastOffsetDelta      int32   last record's offset minus baseOffset
 * 27 baseTimestamp        int64
 * 35 maxTimestamp         int64
 * 43 producerId           int64
 * 51 producerEpoch        int16
 * 53 baseSequence         int32
 * 57 recordCount          int32
 * 61 records...           each: length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
 *                         keyLength varint + key, valueLength varint + value, headerCount varint,
 *                         headers (keyLength varint + UTF-8 key, valueLength varint + value)
 * </pre>
 * The CRC deliberately skips baseOffset and partitionLeaderEpoch: the leader assigns both on append without
 * recomputing it, and a follower stores the batch exactly as the leader sent it.
 *
 * <h2>Use</h2>
 * {@link #wrap(ByteBuffer, int)} points a reusable instance at a batch; {@link #of(ByteBuffer)} makes a new one at
 * the buffer's position. {@link #ensureValid()} checks size and CRC (is it intact?), {@link #validate()} adds the
 * format rules (is it a batch Gregor accepts?). Accessors on an unvalidated batch may return garbage but never
 * read outside the batch's declared bounds without an exception.
 */
public final class RecordBatch {

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** baseOffset + batchLength: the bytes before {@code batchLength} starts counting. */
    public static final int LOG_OVERHEAD = 12;
    /** The header: a batch is at least this long. */
    public static final int RECORD_BATCH_OVERHEAD = RECORDS_OFFSET;

    public static final byte MAGIC_VALUE_V2 = 2;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;

    static final int COMPRESSION_CODEC_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    static final int CONTROL_FLAG_MASK = 0x20;
    static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    private static final String[] CODEC_NAMES = {"none", "gzip", "snappy", "lz4", "zstd"};

    private ByteBuffer buffer;
    private int start;
    private final CRC32C crc = new CRC32C();
    private final RecordCursor cursor = new RecordCursor();

    /** A flyweight over the batch starting at {@code buffer.position()}. */
    public static RecordBatch of(ByteBuffer buffer) {
        return new RecordBatch().wrap(buffer, buffer.position());
    }

    /** Points this flyweight at the batch starting at absolute byte {@code start} of {@code buffer}. */
    public RecordBatch wrap(ByteBuffer buffer, int start) {
        this.buffer = buffer.order() == ByteOrder.BIG_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.start = start;
        return this;
    }

    /** The buffer this batch lives in. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the batch's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** The batch's bytes as a new read-only buffer (position 0, limit = size). */
    public ByteBuffer slice() {
        return buffer.slice(start, sizeInBytes()).asReadOnlyBuffer();
    }

    public long baseOffset() {
        return buffer.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buffer.getInt(start + LENGTH_OFFSET);
    }

    /** Total bytes of the batch: {@code 12 + batchLength}. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(start + MAGIC_OFFSET);
    }

    /** The stored CRC, unsigned. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(start + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(start + ATTRIBUTES_OFFSET);
    }

    /** Compression codec id (bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. Gregor supports only 0. */
    public int compressionCodec() {
        return attributes() & COMPRESSION_CODEC_MASK;
    }

    public TimestampType timestampType() {
        return TimestampType.fromAttributes(attributes());
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    /** Offset of the batch's last record. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch: where the next batch begins. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** Sequence of the last record, wrapping at {@code Integer.MAX_VALUE} as Kafka's does. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordCount() {
        return buffer.getInt(start + RECORDS_COUNT_OFFSET);
    }

    // ---- in-place setters: the fields outside the CRC, and the max timestamp (which recomputes it) ----

    /** Sets the base offset (the leader assigns offsets on append). The CRC does not cover it. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Stamps the epoch of the leader appending the batch. The CRC does not cover it. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp (the log's clock for {@link TimestampType#LOG_APPEND_TIME}) and
     * recomputes the CRC, which covers both. A no-op when nothing changes, so the CRC is not touched needlessly.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        short attributes = attributes();
        short updated = (short) (type == TimestampType.LOG_APPEND_TIME
                ? attributes | TIMESTAMP_TYPE_MASK : attributes & ~TIMESTAMP_TYPE_MASK);
        if (updated == attributes && maxTimestamp() == maxTimestamp) {
            return;
        }
        buffer.putShort(start + ATTRIBUTES_OFFSET, updated);
        buffer.putLong(start + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(start + CRC_OFFSET, (int) computeChecksum());
    }

    // ---- validation ----

    /** CRC-32C over bytes {@code [21, end)} as they are now. The batch's size must already be sane. */
    public long computeChecksum() {
        crc.reset();
        ByteBuffer covered = buffer.duplicate();
        covered.limit(start + sizeInBytes()).position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        return crc.getValue();
    }

    /** Whether the batch is intact: its size is sane, it fits in the buffer and its CRC matches. */
    public boolean isValid() {
        int available = buffer.limit() - start;
        if (available < RECORD_BATCH_OVERHEAD) {
            return false;
        }
        int length = batchLength();
        if (length < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD || length > available - LOG_OVERHEAD) {
            return false;
        }
        return checksum() == computeChecksum();
    }

    /**
     * Checks that the batch is intact.
     *
     * @throws CorruptRecordException with what is wrong: too short, a length past the end, or a CRC mismatch
     */
    public void ensureValid() {
        int available = buffer.limit() - start;
        if (available < RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("record batch of " + available + " bytes is shorter than the "
                    + RECORD_BATCH_OVERHEAD + "-byte header");
        }
        int length = batchLength();
        if (length < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " declares length "
                    + length + ", shorter than its header");
        }
        if (length > available - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " declares length "
                    + length + " but only " + (available - LOG_OVERHEAD) + " bytes follow");
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(String.format(java.util.Locale.ROOT,
                    "record batch at offset %d is corrupt: stored CRC %08x, computed %08x", baseOffset(), stored,
                    computed));
        }
    }

    /**
     * Checks that the batch is intact and follows the format: magic 2, no compression, at least one record,
     * record offset deltas 0..n-1 with {@code lastOffsetDelta = n - 1}, every record's fields within its length.
     * Allocation-free.
     *
     * @throws CorruptRecordException if it is not intact
     * @throws InvalidRecordException if it is intact but breaks a rule
     */
    public void validate() {
        if (buffer.limit() - start > MAGIC_OFFSET && magic() != MAGIC_VALUE_V2) {
            throw new InvalidRecordException("record batch has magic " + magic() + "; only magic "
                    + MAGIC_VALUE_V2 + " (record format v2) is supported");
        }
        ensureValid();
        ensureUncompressed();
        int count = recordCount();
        if (count <= 0) {
            throw new InvalidRecordException("record batch at offset " + baseOffset() + " holds " + count
                    + " records; a batch must hold at least one");
        }
        if (lastOffsetDelta() != count - 1) {
            throw new InvalidRecordException("record batch at offset " + baseOffset() + " has lastOffsetDelta "
                    + lastOffsetDelta() + " but " + count + " records");
        }
        RecordCursor c = cursor.reset(buffer, start + RECORDS_OFFSET, start + sizeInBytes());
        for (int i = 0; i < count; i++) {
            if (c.position() >= c.limit()) {
                throw new InvalidRecordException("record batch at offset " + baseOffset() + " declares " + count
                        + " records but holds " + i);
            }
            int offsetDelta = skipRecord(c);
            if (offsetDelta != i) {
                throw new InvalidRecordException("record " + i + " of the batch at offset " + baseOffset()
                        + " has offset delta " + offsetDelta + "; deltas must be 0, 1, 2...");
            }
        }
        if (c.position() != c.limit()) {
            throw new InvalidRecordException("record batch at offset " + baseOffset() + " has "
                    + (c.limit() - c.position()) + " bytes after its " + count + " records");
        }
    }

    private void ensureUncompressed() {
        int codec = compressionCodec();
        if (codec != 0) {
            String name = codec < CODEC_NAMES.length ? CODEC_NAMES[codec] : "unknown codec " + codec;
            throw new InvalidRecordException("record batch at offset " + baseOffset() + " is compressed with "
                    + name + "; Gregor supports only uncompressed batches (compression.type=none)");
        }
    }

    /** Walks one record without allocating; returns its offset delta. */
    private static int skipRecord(RecordCursor c) {
        int length = c.readVarint();
        if (length < 0 || length > c.limit() - c.position()) {
            throw new InvalidRecordException("record of length " + length + " does not fit in its batch");
        }
        int batchLimit = c.limit();
        int end = c.position() + length;
        c.reset(c.buffer(), c.position(), end); // a record's fields must stay inside the record
        c.readByte(); // attributes: unused in v2
        c.readVarlong(); // timestamp delta
        int offsetDelta = c.readVarint();
        skipBytesField(c, "key");
        skipBytesField(c, "value");
        int headers = c.readVarint();
        if (headers < 0) {
            throw new InvalidRecordException("record has a negative header count " + headers);
        }
        for (int h = 0; h < headers; h++) {
            int keyLength = c.readVarint();
            if (keyLength < 0) {
                throw new InvalidRecordException("record header has a null or negative key length " + keyLength);
            }
            c.skip(keyLength);
            skipBytesField(c, "header value");
        }
        if (c.position() != end) {
            throw new InvalidRecordException("record declares " + length + " bytes but its fields take "
                    + (length - (end - c.position())));
        }
        c.reset(c.buffer(), end, batchLimit);
        return offsetDelta;
    }

    private static void skipBytesField(RecordCursor r, String what) {
        int length = r.readVarint();
        if (length < -1) {
            throw new InvalidRecordException("record " + what + " has invalid length " + length);
        }
        if (length > 0) {
            r.skip(length);
        }
    }

    // ---- records ----

    /**
     * The records, decoded one by one (each a small allocation; the log itself never needs this).
     *
     * @throws InvalidRecordException from the iterator if the batch is compressed or malformed
     */
    public Iterable<Record> records() {
        ensureUncompressed();
        return () -> new RecordIterator(buffer, start, sizeInBytes(), baseOffset(), baseTimestamp(),
                timestampType() == TimestampType.LOG_APPEND_TIME ? maxTimestamp() : NO_TIMESTAMP, recordCount());
    }

    /** All records in a list. */
    public List<Record> recordList() {
        List<Record> out = new ArrayList<>();
        for (Record r : records()) {
            out.add(r);
        }
        return out;
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", epoch="
                + partitionLeaderEpoch() + ", size=" + sizeInBytes() + ", records=" + recordCount() + ")";
    }
}
