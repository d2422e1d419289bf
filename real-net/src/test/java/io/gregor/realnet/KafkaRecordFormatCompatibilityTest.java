package io.gregor.realnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.log.Header;
import io.gregor.log.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The official kafka-clients as the oracle of the record batch format: our batches parse with its
 * {@link MemoryRecords}, and its builder writes the same bytes as ours.
 */
class KafkaRecordFormatCompatibilityTest {

    /** The hand-derived golden batch of core's RecordBatchGoldenBytesTest. */
    static final String GOLDEN_HEX = "000000000000002a" + "00000047" + "00000007" + "02" + "0744f954"
            + "0000" + "00000001" + "0000018bcfe56800" + "0000018bcfe56805"
            + "00000000000003e8" + "0002" + "00000005" + "00000002"
            + "100000000" + "26b027600" + "18000a0201046869020268027" + "8";

    private static ByteBuffer ourBatch() {
        return new RecordBatchBuilder()
                .baseOffset(42)
                .partitionLeaderEpoch(7)
                .producer(1000L, (short) 2, 5)
                .append(1_700_000_000_000L, "k", "v")
                .append(1_700_000_000_005L, null, "hi".getBytes(StandardCharsets.UTF_8),
                        Header.of("h", "x".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void kafkaParsesTheGoldenBatch() {
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(HexFormat.of().parseHex(GOLDEN_HEX)));
        List<MutableRecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        MutableRecordBatch batch = batches.get(0);
        batch.ensureValid(); // CRC-32C checked by Kafka's own code
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
        assertThat(batch.baseOffset()).isEqualTo(42);
        assertThat(batch.lastOffset()).isEqualTo(43);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.producerId()).isEqualTo(1000);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(5);
        assertThat(batch.checksum()).isEqualTo(0x0744f954L);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(1_700_000_000_005L);

        List<Record> list = new ArrayList<>();
        batch.forEach(list::add);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).offset()).isEqualTo(42);
        assertThat(text(list.get(0).key())).isEqualTo("k");
        assertThat(text(list.get(0).value())).isEqualTo("v");
        assertThat(list.get(1).offset()).isEqualTo(43);
        assertThat(list.get(1).hasKey()).isFalse();
        assertThat(text(list.get(1).value())).isEqualTo("hi");
        assertThat(list.get(1).headers()).hasSize(1);
        assertThat(list.get(1).headers()[0].key()).isEqualTo("h");
        assertThat(new String(list.get(1).headers()[0].value(), StandardCharsets.UTF_8)).isEqualTo("x");
    }

    @Test
    void ourBuilderWritesWhatKafkasBuilderWrites() {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        MemoryRecordsBuilder kafka = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 42L, RecordBatch.NO_TIMESTAMP, 1000L, (short) 2, 5, false, 7);
        kafka.append(1_700_000_000_000L, bytes("k"), bytes("v"));
        kafka.append(1_700_000_000_005L, null, bytes("hi"),
                new org.apache.kafka.common.header.Header[] {new RecordHeader("h", bytes("x"))});
        ByteBuffer theirs = kafka.build().buffer();
        assertThat(hex(ourBatch())).isEqualTo(hex(theirs)).isEqualTo(GOLDEN_HEX);
    }

    @Test
    void kafkaParsesManyOfOurBatchesBackToBack() {
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        for (int b = 0; b < 20; b++) {
            RecordBatchBuilder builder = new RecordBatchBuilder().baseOffset(offset).partitionLeaderEpoch(b / 5);
            for (int r = 0; r <= b % 4; r++) {
                builder.append(1_000L * b + r, "key-" + b + "-" + r, "value-" + b + "-" + r);
                offset++;
            }
            all.put(builder.build());
        }
        all.flip();
        long expected = 0;
        int batchCount = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(all).batches()) {
            batch.ensureValid();
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(batchCount / 5);
            for (Record record : batch) {
                assertThat(record.offset()).isEqualTo(expected++);
            }
            batchCount++;
        }
        assertThat(batchCount).isEqualTo(20);
        assertThat(expected).isEqualTo(offset);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String hex(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return HexFormat.of().formatHex(out);
    }
}
