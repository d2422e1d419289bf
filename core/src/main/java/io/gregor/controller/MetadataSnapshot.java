package io.gregor.controller;

import io.gregor.common.InvariantViolation;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A KRaft metadata snapshot (KIP-630) as bytes: the {@link MetadataImage} at some end offset written as the records
 * that rebuild it from {@link MetadataImage#EMPTY} ({@link MetadataImage#toRecords()}), as Kafka writes its
 * {@code .checkpoint} files. A snapshot holds state, not history: replaying it and then the log from its end offset
 * gives the same image as replaying the whole log.
 *
 * <h2>Format (version 1, big-endian)</h2>
 * <pre>
 *   magic:int32        0x474D5331 ("GMS1")
 *   version:int16      1
 *   endOffset:int64    every metadata log offset below this is in the snapshot
 *   recordCount:int32  0..{@value #MAX_RECORDS}
 *   recordCount times:
 *     length:int32     1..{@value #MAX_RECORD_BYTES}
 *     record           {@link MetadataRecordSerde}'s bytes (frame version, api key, record version, fields)
 * </pre>
 * Nothing may follow the last record. The quorum keeps its own CRC over the whole file, so the checks here are about
 * meaning: the right magic and version, the end offset the quorum filed the snapshot under, every length within the
 * bytes left, every record parseable, and the records rebuilding an image (no change to an unknown topic, say).
 * Any failure is a {@link MetadataParseException} with a one-line reason.
 *
 * <h2>Ids after a restore</h2>
 * The controller needs no id counter in the snapshot: a broker epoch is the offset of its RegisterBrokerRecord
 * (KIP-631) and a topic id is derived from the offset of its TopicRecord ({@link ReplicationControl#topicIdFor}).
 * Offsets only grow, and after a restore the log continues at the snapshot's end offset, so an id handed out before
 * the snapshot can never be handed out again.
 */
public final class MetadataSnapshot {

    /** "GMS1": Gregor metadata snapshot. */
    public static final int MAGIC = 0x474D5331;
    /** The format version written, and the only one read. */
    public static final short VERSION = 1;
    /** No snapshot holds more records than this (a bound on what a node loads into memory). */
    public static final int MAX_RECORDS = 1_000_000;
    /** No record in a snapshot is larger than this. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    private static final int HEADER_BYTES = 4 + 2 + 8 + 4;

    private MetadataSnapshot() {
    }

    /** The snapshot bytes of {@code image}, covering every offset below {@code endOffset}. */
    public static byte[] serialize(long endOffset, MetadataImage image) {
        return serializeRecords(endOffset, image.toRecords());
    }

    /** The snapshot bytes of {@code records} (which should rebuild an image from empty), ending at {@code endOffset}. */
    public static byte[] serializeRecords(long endOffset, List<MetadataRecord> records) {
        if (endOffset < 0) {
            throw new IllegalArgumentException("snapshot end offset must be non-negative: " + endOffset);
        }
        if (records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("snapshot of " + records.size() + " records exceeds " + MAX_RECORDS);
        }
        List<byte[]> bodies = new ArrayList<>(records.size());
        int size = HEADER_BYTES;
        for (MetadataRecord r : records) {
            byte[] body = MetadataRecordSerde.serialize(r);
            bodies.add(body);
            size = Math.addExact(size, Math.addExact(4, body.length));
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(MAGIC).putShort(VERSION).putLong(endOffset).putInt(bodies.size());
        for (byte[] body : bodies) {
            buf.putInt(body.length).put(body);
        }
        return buf.array();
    }

    /**
     * The records in snapshot {@code bytes}, checked to be filed under {@code expectedEndOffset}.
     *
     * @throws MetadataParseException naming what is wrong, in one line
     */
    public static List<MetadataRecord> deserializeRecords(long expectedEndOffset, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int index = -1;
        try {
            int magic = buf.getInt();
            if (magic != MAGIC) {
                throw new MetadataParseException(String.format(Locale.ROOT,
                        "not a metadata snapshot: magic 0x%08X, expected 0x%08X", magic, MAGIC));
            }
            short version = buf.getShort();
            if (version != VERSION) {
                throw new MetadataParseException("unsupported metadata snapshot version " + version + " (this build"
                        + " reads " + VERSION + ")");
            }
            long endOffset = buf.getLong();
            if (endOffset != expectedEndOffset) {
                throw new MetadataParseException("metadata snapshot ends at offset " + endOffset + " but was filed as"
                        + " ending at " + expectedEndOffset);
            }
            int count = buf.getInt();
            if (count < 0 || count > MAX_RECORDS || (long) count * 4 > buf.remaining()) {
                throw new MetadataParseException("metadata snapshot record count " + count + " is invalid with "
                        + buf.remaining() + " bytes left");
            }
            List<MetadataRecord> out = new ArrayList<>(count);
            for (index = 0; index < count; index++) {
                int length = buf.getInt();
                if (length <= 0 || length > MAX_RECORD_BYTES || length > buf.remaining()) {
                    throw new MetadataParseException("record length " + length + " is invalid with "
                            + buf.remaining() + " bytes left");
                }
                byte[] body = new byte[length];
                buf.get(body);
                out.add(MetadataRecordSerde.deserialize(body));
            }
            index = -1;
            if (buf.hasRemaining()) {
                throw new MetadataParseException(buf.remaining() + " trailing bytes after the last of " + count
                        + " records of the metadata snapshot");
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new MetadataParseException("metadata snapshot truncated at byte " + buf.position() + " of "
                    + bytes.length);
        } catch (MetadataParseException e) {
            if (index < 0) {
                throw e;
            }
            throw new MetadataParseException("metadata snapshot record " + index + ": " + e.getMessage());
        }
    }

    /**
     * The image snapshot {@code bytes} rebuild from empty, checked to be filed under {@code expectedEndOffset}.
     *
     * @throws MetadataParseException if the bytes are not a snapshot or their records do not rebuild an image
     */
    public static MetadataImage deserialize(long expectedEndOffset, byte[] bytes) {
        List<MetadataRecord> records = deserializeRecords(expectedEndOffset, bytes);
        try {
            return MetadataImage.EMPTY.applyAll(records);
        } catch (InvariantViolation | IllegalArgumentException e) {
            throw new MetadataParseException("metadata snapshot records do not rebuild an image: " + e.getMessage());
        }
    }
}
