package io.gregor.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RecordBatchTest {

    /** A record as a test writes it: byte arrays, nullable. */
    record Input(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        @Override
        public String toString() {
            return "Input(ts=" + timestamp + ", key=" + (key == null ? "null" : key.length + "B") + ", value="
                    + (value == null ? "null" : value.length + "B") + ", headers=" + headers.size() + ")";
        }
    }

    static final Gen<byte[]> NULLABLE_BYTES = s -> s.chance(0.2) ? null : s.bytes(s.intBetween(0, 300));

    static final Gen<Input> INPUT = s -> {
        long ts = s.longBetween(0, 2_000_000_000_000L);
        byte[] key = NULLABLE_BYTES.generate(s);
        byte[] value = NULLABLE_BYTES.generate(s);
        List<Header> headers = new ArrayList<>();
        int n = s.intBetween(0, 3);
        for (int i = 0; i < n; i++) {
            headers.add(Header.of("h" + s.intBetween(0, 1000), NULLABLE_BYTES.generate(s)));
        }
        return new Input(ts, key, value, headers);
    };

    static final Gen<List<Input>> INPUTS = s -> {
        List<Input> out = new ArrayList<>();
        out.add(INPUT.generate(s));
        out.addAll(Gen.listOf(INPUT, 20).generate(s));
        return out;
    };

    static ByteBuffer build(List<Input> inputs) {
        RecordBatchBuilder b = new RecordBatchBuilder().baseOffset(100).partitionLeaderEpoch(3);
        for (Input in : inputs) {
            b.append(in.timestamp(), in.key(), in.value(), in.headers().toArray(new Header[0]));
        }
        return b.build();
    }

    @TestFactory
    Stream<DynamicTest> builtRecordsReadBackExactly() {
        return Property.forAll("built records read back exactly", 200, INPUTS, inputs -> {
            RecordBatch batch = RecordBatch.of(build(inputs));
            batch.validate();
            assertThat(batch.recordCount()).isEqualTo(inputs.size());
            assertThat(batch.lastOffset()).isEqualTo(100 + inputs.size() - 1);
            assertThat(batch.maxTimestamp()).isEqualTo(inputs.stream().mapToLong(Input::timestamp).max().orElseThrow());
            List<Record> records = batch.recordList();
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                Record r = records.get(i);
                assertThat(r.offset()).isEqualTo(100 + i);
                assertThat(r.timestamp()).isEqualTo(in.timestamp());
                assertThat(r.key()).isEqualTo(in.key() == null ? null : ByteBuffer.wrap(in.key()));
                assertThat(r.value()).isEqualTo(in.value() == null ? null : ByteBuffer.wrap(in.value()));
                assertThat(r.headers()).isEqualTo(in.headers());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> anyFlippedByteUnderTheCrcIsDetected() {
        Gen<Object[]> gen = s -> {
            List<Input> inputs = INPUTS.generate(s);
            ByteBuffer batch = build(inputs);
            int at = s.intBetween(RecordBatch.ATTRIBUTES_OFFSET, batch.remaining() - 1);
            int mask = s.intBetween(1, 255);
            return new Object[] {batch, at, mask};
        };
        return Property.forAll("a flipped byte under the CRC is detected", 200, gen, c -> {
            ByteBuffer batch = (ByteBuffer) c[0];
            int at = (Integer) c[1];
            batch.put(at, (byte) (batch.get(at) ^ (Integer) c[2]));
            RecordBatch b = RecordBatch.of(batch);
            assertThat(b.isValid()).isFalse();
            assertThatThrownBy(b::validate).isInstanceOf(LogException.class);
        });
    }

    @Test
    void offsetAndEpochSettersLeaveTheCrcValid() {
        RecordBatch batch = RecordBatch.of(RecordBatchGoldenBytesTest.goldenBatch());
        long crc = batch.checksum();
        batch.setBaseOffset(9_000_000_000L);
        batch.setPartitionLeaderEpoch(12);
        assertThat(batch.baseOffset()).isEqualTo(9_000_000_000L);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(12);
        assertThat(batch.checksum()).isEqualTo(crc);
        batch.validate();
        assertThat(batch.recordList().get(1).offset()).isEqualTo(9_000_000_001L);
    }

    @Test
    void logAppendTimeRewritesMaxTimestampAndCrc() {
        RecordBatch batch = RecordBatch.of(RecordBatchGoldenBytesTest.goldenBatch());
        long crc = batch.checksum();
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 5_000L);
        assertThat(batch.checksum()).isNotEqualTo(crc);
        batch.validate();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(5_000L);
        assertThat(batch.recordList()).extracting(Record::timestamp).containsExactly(5_000L, 5_000L);
    }

    @Test
    void badCrcIsRefusedWithTheNumbers() {
        ByteBuffer bytes = RecordBatchGoldenBytesTest.goldenBatch();
        bytes.put(70, (byte) (bytes.get(70) ^ 1));
        assertThatThrownBy(() -> RecordBatch.of(bytes).validate())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("stored CRC 0744f954");
    }

    @Test
    void wrongMagicIsRefused() {
        ByteBuffer bytes = RecordBatchGoldenBytesTest.goldenBatch();
        bytes.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> RecordBatch.of(bytes).validate())
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("magic 1");
    }

    @Test
    void compressedBatchIsRefusedByName() {
        ByteBuffer bytes = RecordBatchGoldenBytesTest.goldenBatch();
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 4);
        RecordBatch batch = RecordBatch.of(bytes);
        bytes.putInt(RecordBatch.CRC_OFFSET, (int) batch.computeChecksum());
        assertThatThrownBy(batch::validate)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("zstd");
    }

    @Test
    void truncatedBatchIsCorrupt() {
        ByteBuffer bytes = RecordBatchGoldenBytesTest.goldenBatch();
        bytes.limit(80);
        assertThat(RecordBatch.of(bytes).isValid()).isFalse();
        assertThatThrownBy(() -> RecordBatch.of(bytes).validate())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("declares length 71 but only 68 bytes follow");
    }

    @Test
    void recordCountThatLiesIsInvalidEvenWithAGoodCrc() {
        ByteBuffer bytes = RecordBatchGoldenBytesTest.goldenBatch();
        bytes.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 3);
        bytes.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 2);
        RecordBatch batch = RecordBatch.of(bytes);
        bytes.putInt(RecordBatch.CRC_OFFSET, (int) batch.computeChecksum());
        assertThatThrownBy(batch::validate)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("declares 3 records but holds 2");
    }

    @Test
    void builderRefusesARecordPastItsLimit() {
        RecordBatchBuilder b = new RecordBatchBuilder(200);
        b.append(0L, null, new byte[100]);
        assertThat(b.hasRoomFor(0L, null, ByteBuffer.allocate(100), List.of())).isFalse();
        assertThatThrownBy(() -> b.append(0L, null, new byte[100]))
                .isInstanceOf(RecordBatchTooLargeException.class);
        assertThat(RecordBatch.of(b.build()).recordCount()).isEqualTo(1);
    }

    @Test
    void memoryRecordsIteratesBatchesInOrder() {
        ByteBuffer a = new RecordBatchBuilder().baseOffset(0).append(1L, "a", "1").build();
        ByteBuffer b = new RecordBatchBuilder().baseOffset(1).append(2L, "b", "2").append(3L, "c", "3").build();
        MemoryRecords records = MemoryRecords.of(a, b);
        assertThat(records.batchList()).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
        assertThat(records.records()).extracting(Record::offset).containsExactly(0L, 1L, 2L);
        assertThat(records.sizeInBytes()).isEqualTo(a.remaining() + b.remaining());
    }

    @TestFactory
    Stream<DynamicTest> varintsRoundTrip() {
        Gen<Long> gen = s -> {
            long v = s.longBetween(0, Long.MAX_VALUE);
            int bits = s.intBetween(0, 63);
            long masked = v & ((1L << bits) - 1);
            return s.chance(0.5) ? -masked - 1 : masked;
        };
        return Property.forAll("varints round-trip", 300, gen, v -> {
            ByteBuffer buf = ByteBuffer.allocate(Varint.MAX_VARLONG_BYTES + Varint.MAX_VARINT_BYTES);
            Varint.writeVarlong(v, buf);
            assertThat(buf.position()).isEqualTo(Varint.sizeOfVarlong(v));
            int asInt = (int) (long) v;
            Varint.writeVarint(asInt, buf);
            assertThat(buf.position()).isEqualTo(Varint.sizeOfVarlong(v) + Varint.sizeOfVarint(asInt));
            RecordCursor c = new RecordCursor().reset(buf, 0, buf.position());
            assertThat(c.readVarlong()).isEqualTo(v);
            assertThat(c.readVarint()).isEqualTo(asInt);
            assertThat(c.position()).isEqualTo(buf.position());
        });
    }

    @Test
    void nonCanonicalVarintIsReadByItsLength() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x00, 0x04});
        RecordCursor c = new RecordCursor().reset(buf, 0, 3);
        assertThat(c.readVarint()).isZero();
        assertThat(c.readVarint()).isEqualTo(2);
    }

    @Test
    void overlongVarintIsInvalid() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 0x01});
        assertThatThrownBy(() -> new RecordCursor().reset(buf, 0, 6).readVarint())
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("longer than 5 bytes");
    }
}
