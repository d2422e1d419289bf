package io.gregor.env.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Disk} contract, written once and run against every backend (the simulated disk in sim, the file disk
 * in real-net): a backend's test extends this class and says how to make a {@link DiskHarness}.
 *
 * <p>The test plays the node's event loop: it calls the disk, then {@link DiskHarness#runUntilIdle()} to deliver
 * fsync completions. The backend under test must inject no read or fsync faults; corrupting faults are allowed
 * when the harness says so ({@link DiskHarness#corruptsDurableData()}), which skips the survival checks.
 */
public abstract class DiskContractTest {

    private DiskHarness harness;

    /** A fresh, empty disk. */
    protected abstract DiskHarness newHarness();

    @BeforeEach
    void open() {
        harness = newHarness();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private Disk disk() {
        return harness.disk();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The whole file as a string, read through the contract's read(). */
    private String readAll(String name) {
        long size = disk().size(name);
        ByteBuffer dst = ByteBuffer.allocate((int) size);
        long position = 0;
        while (dst.hasRemaining()) {
            int n = disk().read(name, position, dst);
            assertThat(n).as("read of %s at %d", name, position).isPositive();
            position += n;
        }
        return new String(dst.array(), StandardCharsets.UTF_8);
    }

    /** Fsyncs and runs the loop until the completion arrived; returns the callback's error (null on success). */
    private DiskException fsyncAndWait(String name) {
        List<DiskException> results = new ArrayList<>();
        disk().fsync(name, results::add);
        harness.runUntilIdle();
        assertThat(results).as("fsync of %s completed exactly once", name).hasSize(1);
        return results.get(0);
    }

    @Test
    void aWriteIsReadBackAtOnce() {
        disk().write("p0/a.log", 0, bytes("hello world"));
        assertThat(disk().exists("p0/a.log")).isTrue();
        assertThat(disk().size("p0/a.log")).isEqualTo(11);
        assertThat(readAll("p0/a.log")).isEqualTo("hello world");
    }

    @Test
    void aWriteConsumesItsBufferAndAReadFillsItsBuffer() {
        ByteBuffer src = bytes("abcdef");
        disk().write("f", 0, src);
        assertThat(src.hasRemaining()).isFalse();
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertThat(disk().read("f", 1, dst)).isEqualTo(4);
        assertThat(dst.position()).isEqualTo(4);
        assertThat(new String(dst.array(), StandardCharsets.UTF_8)).isEqualTo("bcde");
    }

    @Test
    void aReadStopsAtTheEndAndReturnsMinusOnePastIt() {
        disk().write("f", 0, bytes("abc"));
        ByteBuffer dst = ByteBuffer.allocate(10);
        assertThat(disk().read("f", 1, dst)).isEqualTo(2);
        assertThat(disk().read("f", 3, ByteBuffer.allocate(4))).isEqualTo(-1);
        assertThat(disk().read("f", 100, ByteBuffer.allocate(4))).isEqualTo(-1);
    }

    @Test
    void aWritePastTheEndZeroFillsTheGap() {
        disk().write("f", 0, bytes("ab"));
        disk().write("f", 5, bytes("cd"));
        assertThat(disk().size("f")).isEqualTo(7);
        ByteBuffer dst = ByteBuffer.allocate(7);
        disk().read("f", 0, dst);
        assertThat(dst.array()).containsExactly('a', 'b', 0, 0, 0, 'c', 'd');
    }

    @Test
    void aWriteInTheMiddleOverwritesWithoutChangingTheSize() {
        disk().write("f", 0, bytes("0123456789"));
        disk().write("f", 3, bytes("xyz"));
        assertThat(readAll("f")).isEqualTo("012xyz6789");
        assertThat(disk().size("f")).isEqualTo(10);
    }

    @Test
    void appendReturnsWhereTheBytesBeganAndCreatesTheFile() {
        assertThat(disk().append("log", bytes("abc"))).isEqualTo(0);
        assertThat(disk().append("log", bytes("de"))).isEqualTo(3);
        assertThat(readAll("log")).isEqualTo("abcde");
    }

    @Test
    void aMissingFileHasNoSizeAndCannotBeRead() {
        assertThat(disk().exists("nope")).isFalse();
        assertThatThrownBy(() -> disk().size("nope")).isInstanceOf(DiskException.class);
        assertThatThrownBy(() -> disk().read("nope", 0, ByteBuffer.allocate(1))).isInstanceOf(DiskException.class);
    }

    @Test
    void listNamesEveryFileInAscendingOrder() {
        assertThat(disk().list()).isEmpty();
        disk().write("p1/b", 0, bytes("x"));
        disk().write("p0/z", 0, bytes("x"));
        disk().write("a", 0, bytes("x"));
        assertThat(disk().list()).containsExactly("a", "p0/z", "p1/b");
    }

    @Test
    void truncateCutsAFileAndNeverGrowsIt() {
        disk().write("f", 0, bytes("0123456789"));
        disk().truncate("f", 4);
        assertThat(readAll("f")).isEqualTo("0123");
        disk().truncate("f", 100);
        assertThat(disk().size("f")).isEqualTo(4);
        disk().write("f", 6, bytes("x"));
        ByteBuffer dst = ByteBuffer.allocate(7);
        disk().read("f", 0, dst);
        assertThat(dst.array()).as("bytes cut by the truncate do not come back")
                .containsExactly('0', '1', '2', '3', 0, 0, 'x');
    }

    @Test
    void renameMovesTheContentAndReplacesTheTarget() {
        disk().write("tmp", 0, bytes("new"));
        disk().write("final", 0, bytes("old content"));
        disk().rename("tmp", "final");
        assertThat(disk().exists("tmp")).isFalse();
        assertThat(readAll("final")).isEqualTo("new");
        assertThat(disk().list()).containsExactly("final");
    }

    @Test
    void renamingAMissingFileFails() {
        assertThatThrownBy(() -> disk().rename("nope", "other")).isInstanceOf(DiskException.class);
    }

    @Test
    void deleteRemovesAFileAndIgnoresAMissingOne() {
        disk().write("f", 0, bytes("x"));
        disk().delete("f");
        assertThat(disk().exists("f")).isFalse();
        assertThat(disk().list()).isEmpty();
        disk().delete("f");
    }

    @Test
    void fsyncNeverCompletesBeforeReturningAndCompletesOnceWhenTheLoopRuns() {
        disk().write("f", 0, bytes("data"));
        List<DiskException> results = new ArrayList<>();
        int[] calls = {0};
        disk().fsync("f", error -> {
            calls[0]++;
            results.add(error);
        });
        assertThat(calls[0]).as("callbacks before fsync returned").isZero();
        long before = harness.clock().nanoTime();
        harness.runUntilIdle();
        assertThat(calls[0]).isEqualTo(1);
        assertThat(results.get(0)).isNull();
        assertThat(harness.clock().nanoTime()).isGreaterThanOrEqualTo(before);
        harness.runUntilIdle();
        assertThat(calls[0]).as("no second completion").isEqualTo(1);
    }

    @Test
    void fsyncOfAnUnchangedFileSucceeds() {
        disk().write("f", 0, bytes("data"));
        assertThat(fsyncAndWait("f")).isNull();
        assertThat(fsyncAndWait("f")).isNull();
    }

    @Test
    void fsyncedDataSurvivesACrash() {
        assumeFalse(harness.corruptsDurableData(), "this backend may corrupt durable data");
        disk().write("p0/0.log", 0, bytes("first batch;"));
        disk().append("p0/0.log", bytes("second batch;"));
        assertThat(fsyncAndWait("p0/0.log")).isNull();
        harness.crash();
        assertThat(disk().exists("p0/0.log")).isTrue();
        assertThat(readAll("p0/0.log")).isEqualTo("first batch;second batch;");
    }

    @Test
    void afterACrashAFileStartsWithItsFsyncedBytes() {
        assumeFalse(harness.corruptsDurableData(), "this backend may corrupt durable data");
        disk().write("log", 0, bytes("synced|"));
        assertThat(fsyncAndWait("log")).isNull();
        disk().append("log", bytes("maybe lost"));
        harness.crash();
        String after = readAll("log");
        assertThat(after).startsWith("synced|");
        assertThat("synced|maybe lost").startsWith(after.substring(0, Math.min(after.length(), 17)));
    }

    @Test
    void creationRenameAndDeleteAreDurableOnceTheyReturn() {
        assumeFalse(harness.corruptsDurableData(), "this backend may corrupt durable data");
        disk().write("kept", 0, bytes("k"));
        assertThat(fsyncAndWait("kept")).isNull();
        disk().write("snapshot.tmp", 0, bytes("state"));
        assertThat(fsyncAndWait("snapshot.tmp")).isNull();
        disk().rename("snapshot.tmp", "snapshot");
        disk().write("doomed", 0, bytes("d"));
        disk().delete("doomed");
        disk().write("empty-created", 0, ByteBuffer.allocate(0));
        harness.crash();
        assertThat(disk().list()).containsExactly("empty-created", "kept", "snapshot");
        assertThat(readAll("snapshot")).isEqualTo("state");
    }

    @Test
    void largeWritesAreReadBackByteForByte() {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        disk().write("big", 0, ByteBuffer.wrap(data));
        ByteBuffer dst = ByteBuffer.allocate(data.length);
        long position = 0;
        while (dst.hasRemaining()) {
            position += disk().read("big", position, dst);
        }
        assertThat(Arrays.equals(dst.array(), data)).isTrue();
    }
}
