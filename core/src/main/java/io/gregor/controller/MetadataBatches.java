package io.gregor.controller;

import io.gregor.log.MemoryRecords;
import io.gregor.log.Record;
import io.gregor.log.RecordBatch;
import io.gregor.log.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata records in Kafka's v2 record batch format, so the metadata log is a log like any other: one batch per
 * controller append, one record per metadata record, no key, the value being {@link MetadataRecordSerde}'s bytes.
 * Control batches (a quorum's leader-change markers) carry no metadata and are skipped on read.
 */
public final class MetadataBatches {

    private MetadataBatches() {
    }

    /** One batch holding {@code records}, at {@code baseOffset}, stamped with the quorum leader's epoch. */
    public static ByteBuffer encode(long baseOffset, int leaderEpoch, long timestampMs,
            List<MetadataRecord> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder().baseOffset(baseOffset).partitionLeaderEpoch(leaderEpoch);
        for (MetadataRecord r : records) {
            builder.append(timestampMs, null, MetadataRecordSerde.serialize(r));
        }
        return builder.build();
    }

    /** A decoded batch: the offset of its first record and its metadata records. */
    public record Batch(long baseOffset, List<MetadataRecord> records) {

        public Batch {
            records = List.copyOf(records);
        }
    }

    /**
     * The data batches in {@code buffer}, in order; a record that is not a metadata record is a {@link
     * MetadataParseException} naming its offset.
     */
    public static List<Batch> decode(ByteBuffer buffer) {
        List<Batch> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
            if (batch.isControlBatch()) {
                continue;
            }
            List<MetadataRecord> records = new ArrayList<>();
            for (Record r : batch.records()) {
                if (r.value() == null) {
                    throw new MetadataParseException("metadata record at offset " + r.offset() + " has no value");
                }
                ByteBuffer value = r.value().duplicate();
                byte[] bytes = new byte[value.remaining()];
                value.get(bytes);
                try {
                    records.add(MetadataRecordSerde.deserialize(bytes));
                } catch (MetadataParseException e) {
                    throw new MetadataParseException("at offset " + r.offset() + ": " + e.getMessage());
                }
            }
            out.add(new Batch(batch.baseOffset(), records));
        }
        return out;
    }
}
