package io.gregor.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins one batch byte for byte. The expected hex was derived by hand from the v2 format definition (below), not
 * by running the builder; only the CRC was computed, with an independent bitwise CRC-32C (reflected polynomial
 * 0x82F63B78, initial value and final xor 0xFFFFFFFF, check value crc("123456789") = 0xE3069283).
 */
class RecordBatchGoldenBytesTest {

    /*
     * The batch: base offset 42, partition leader epoch 7, producer id 1000, producer epoch 2, base sequence 5,
     * create time, not transactional, no compression. Two records:
     *   r0: timestamp 1_700_000_000_000, key "k", value "v", no headers
     *   r1: timestamp 1_700_000_000_005, key null, value "hi", header ("h" -> "x")
     *
     * Zig-zag varints: n >= 0 encodes as 2n, -1 as 1; all values here fit in one byte.
     *
     * r0 body: attributes 00 | timestampDelta 0 -> 00 | offsetDelta 0 -> 00 | keyLength 1 -> 02 | 'k' 6b
     *          | valueLength 1 -> 02 | 'v' 76 | headerCount 0 -> 00                       = 8 bytes
     *    r0 = length 8 -> 10, then the body: 10 00 00 00 02 6b 02 76 00                    = 9 bytes
     * r1 body: attributes 00 | timestampDelta 5 -> 0a | offsetDelta 1 -> 02 | keyLength -1 -> 01
     *          | valueLength 2 -> 04 | 'h' 'i' 68 69 | headerCount 1 -> 02
     *          | header keyLength 1 -> 02 | 'h' 68 | header valueLength 1 -> 02 | 'x' 78   = 12 bytes
     *    r1 = length 12 -> 18, then the body: 18 00 0a 02 01 04 68 69 02 02 68 02 78       = 13 bytes
     * Records: 22 bytes. Batch: 61-byte header + 22 = 83 bytes, so batchLength = 83 - 12 = 71 = 0x47.
     *
     * Header, big-endian:
     *   baseOffset 42                    00 00 00 00 00 00 00 2a
     *   batchLength 71                   00 00 00 47
     *   partitionLeaderEpoch 7           00 00 00 07
     *   magic 2                          02
     *   crc (of bytes 21..82)            07 44 f9 54
     *   attributes 0                     00 00
     *   lastOffsetDelta 1                00 00 00 01
     *   baseTimestamp 1700000000000      00 00 01 8b cf e5 68 00   (0x18BCFE56800)
     *   maxTimestamp 1700000000005       00 00 01 8b cf e5 68 05
     *   producerId 1000                  00 00 00 00 00 00 03 e8
     *   producerEpoch 2                  00 02
     *   baseSequence 5                   00 00 00 05
     *   recordCount 2                    00 00 00 02
     */
    static final String GOLDEN_HEX = ""
            + "000000000000002a" + "00000047" + "00000007" + "02" + "0744f954"
            + "0000" + "00000001" + "0000018bcfe56800" + "0000018bcfe56805"
            + "00000000000003e8" + "0002" + "00000005" + "00000002"
            + "100000000" + "26b027600"
            + "18000a0201046869020268027" + "8";

    static ByteBuffer goldenBatch() {
        return new RecordBatchBuilder()
                .baseOffset(42)
                .partitionLeaderEpoch(7)
                .producer(1000L, (short) 2, 5)
                .append(1_700_000_000_000L, "k", "v")
                .append(1_700_000_000_005L, null, "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Header.of("h", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void builderWritesTheHandDerivedBytes() {
        ByteBuffer batch = goldenBatch();
        byte[] bytes = new byte[batch.remaining()];
        batch.duplicate().get(bytes);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_HEX);
        assertThat(bytes).hasSize(83);
    }

    @Test
    void readerParsesTheHandDerivedBytes() {
        RecordBatch batch = RecordBatch.of(ByteBuffer.wrap(HexFormat.of().parseHex(GOLDEN_HEX)));
        batch.validate();
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.baseOffset()).isEqualTo(42);
        assertThat(batch.lastOffset()).isEqualTo(43);
        assertThat(batch.sizeInBytes()).isEqualTo(83);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(batch.checksum()).isEqualTo(0x0744f954L);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.baseTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(1_700_000_000_005L);
        assertThat(batch.producerId()).isEqualTo(1000L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(5);
        assertThat(batch.lastSequence()).isEqualTo(6);
        assertThat(batch.recordCount()).isEqualTo(2);

        List<Record> records = batch.recordList();
        assertThat(records).hasSize(2);
        Record r0 = records.get(0);
        assertThat(r0.offset()).isEqualTo(42);
        assertThat(r0.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(r0.key()).isEqualTo(ByteBuffer.wrap(new byte[] {'k'}));
        assertThat(r0.value()).isEqualTo(ByteBuffer.wrap(new byte[] {'v'}));
        assertThat(r0.headers()).isEmpty();
        Record r1 = records.get(1);
        assertThat(r1.offset()).isEqualTo(43);
        assertThat(r1.timestamp()).isEqualTo(1_700_000_000_005L);
        assertThat(r1.key()).isNull();
        assertThat(r1.value()).isEqualTo(ByteBuffer.wrap(new byte[] {'h', 'i'}));
        assertThat(r1.headers()).containsExactly(Header.of("h", new byte[] {'x'}));
    }
}
