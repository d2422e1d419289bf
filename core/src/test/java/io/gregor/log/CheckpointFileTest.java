package io.gregor.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointFileTest {

    private final MemoryDiskHarness harness = new MemoryDiskHarness(1L, false);
    private final Disk disk = harness.disk();

    private CheckpointFile write(List<String> entries) {
        CheckpointFile file = new CheckpointFile(disk, "p/ckpt");
        file.writeTemp(entries, error -> {
            assertThat(error).isNull();
            file.commit();
        });
        harness.runUntilIdle();
        return file;
    }

    @Test
    void roundTripsWithVersionCountAndCrc() {
        CheckpointFile file = write(List.of("3 0", "5 120"));
        String text = new String(readAll("p/ckpt"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("0\n2\n3 0\n5 120\ncrc ");
        assertThat(file.read()).isEqualTo(new CheckpointFile.Content(CheckpointFile.Status.OK, List.of("3 0", "5 120"), ""));
        assertThat(disk.exists("p/ckpt.tmp")).isFalse();
    }

    @Test
    void tornOrFlippedFileIsCorruptNotHalfBelieved() {
        CheckpointFile file = write(List.of("3 0", "5 120"));
        byte[] bytes = readAll("p/ckpt");
        disk.truncate("p/ckpt", bytes.length - 4);
        assertThat(file.read().status()).isEqualTo(CheckpointFile.Status.CORRUPT);
        disk.write("p/ckpt", 0, ByteBuffer.wrap(bytes));
        assertThat(file.read().status()).isEqualTo(CheckpointFile.Status.OK);
        disk.write("p/ckpt", 6, ByteBuffer.wrap(new byte[] {'9'})); // "3 0" becomes "3 9"
        assertThat(file.read().status()).isEqualTo(CheckpointFile.Status.CORRUPT);
        assertThat(file.read().problem()).contains("crc");
    }

    @Test
    void missingFileIsMissing() {
        assertThat(new CheckpointFile(disk, "p/none").read().status()).isEqualTo(CheckpointFile.Status.MISSING);
    }

    private byte[] readAll(String name) {
        ByteBuffer buf = ByteBuffer.allocate((int) disk.size(name));
        disk.read(name, 0, buf);
        return buf.array();
    }
}
