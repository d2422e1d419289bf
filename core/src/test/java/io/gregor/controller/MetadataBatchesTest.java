package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.log.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataBatchesTest {

    @Test
    void aControllerBatchRoundTripsThroughTheLogFormat() {
        List<MetadataRecord> records = MetadataRecordSerdeTest.oneOfEach();
        ByteBuffer first = MetadataBatches.encode(40, 3, 1_000, records.subList(0, 4));
        ByteBuffer control = new RecordBatchBuilder().baseOffset(44).control(true).append(1_000, "k", "v").build();
        ByteBuffer second = MetadataBatches.encode(45, 3, 1_000, records.subList(4, records.size()));
        ByteBuffer all = ByteBuffer.allocate(first.remaining() + control.remaining() + second.remaining());
        all.put(first).put(control).put(second).flip();
        List<MetadataBatches.Batch> batches = MetadataBatches.decode(all);
        assertThat(batches).containsExactly(new MetadataBatches.Batch(40, records.subList(0, 4)),
                new MetadataBatches.Batch(45, records.subList(4, records.size())));
    }

    @Test
    void aValueThatIsNotAMetadataRecordNamesItsOffset() {
        ByteBuffer bad = new RecordBatchBuilder().baseOffset(7).append(0, null, "junk").build();
        assertThatThrownBy(() -> MetadataBatches.decode(bad)).isInstanceOf(MetadataParseException.class)
                .hasMessageStartingWith("at offset 7: ");
    }
}
