package io.gregor.jmh;

import io.gregor.env.Clock;
import io.gregor.env.Trace;
import io.gregor.log.Log;
import io.gregor.log.LogConfig;
import io.gregor.log.MemoryRecords;
import io.gregor.log.RecordBatchBuilder;
import io.gregor.realnet.disk.FileDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The partition log over real files ({@link FileDisk} in a temporary folder), with batches of about 1 KiB and
 * 16 KiB (the exact size is printed at setup):
 * <ul>
 *   <li>{@code appendNoFsync}: leader appends to the page cache; MB/s = ops/s x batch size.</li>
 *   <li>{@code appendFsyncEachBatch}: append, flush, wait for the durability callback; ops/s = batches/s.</li>
 *   <li>{@code readByOffset}: a read of one batch at a random offset of a 64 MiB log, CRC-checked as every read
 *       is; MB/s = ops/s x batch size.</li>
 * </ul>
 * The benchmark thread plays the node's event loop: fsync completions are posted to a queue it drains.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar LogBench -prof gc}. The log is emptied whenever it passes
 * 256 MiB so a run does not fill the disk; the occasional segment deletion is part of the append cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LogBench {

    /** Emptied past this size. */
    static final long MAX_LOG_BYTES = 256L * 1024 * 1024;
    /** The log the read benchmark reads from. */
    static final long READ_LOG_BYTES = 64L * 1024 * 1024;

    @Param({"1024", "16384"})
    public int batchBytes;

    private Path folder;
    private FileDisk disk;
    private final LinkedBlockingQueue<Runnable> completions = new LinkedBlockingQueue<>();
    private Log log;
    private Log readLog;
    private ByteBuffer batch;
    private SplittableRandom random;
    private boolean durable;
    private java.nio.channels.FileChannel raw;
    private long rawPosition;

    /** Real time: the benchmark is the one place outside real-net where that is the point. */
    static final class SystemClock implements Clock {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    }

    static final Trace NO_TRACE = (category, text) -> { };

    /** A batch of 100-byte records, as many as fit in {@code targetBytes}. */
    static ByteBuffer batchOf(int targetBytes, long timestamp) {
        RecordBatchBuilder b = new RecordBatchBuilder(targetBytes);
        byte[] value = new byte[100];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        ByteBuffer v = ByteBuffer.wrap(value);
        while (b.hasRoomFor(timestamp, null, v, java.util.List.of())) {
            b.append(timestamp, null, value);
        }
        return b.build();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("gregor-logbench-");
        disk = new FileDisk(folder, completions::add);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(64 * 1024 * 1024);
        log = Log.open(disk, "bench-0", config, new SystemClock(), NO_TRACE);
        readLog = Log.open(disk, "read-0", config, new SystemClock(), NO_TRACE);
        batch = batchOf(batchBytes, System.currentTimeMillis());
        while (readLog.sizeInBytes() < READ_LOG_BYTES) {
            readLog.appendAsLeader(batch, 0);
        }
        drain();
        raw = java.nio.channels.FileChannel.open(folder.resolve("raw-baseline"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        random = new SplittableRandom(42);
        System.out.println("LogBench: batch of " + batch.remaining() + " bytes, read log of "
                + readLog.logEndOffset() + " offsets");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        drain();
        raw.close();
        disk.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void drain() {
        Runnable task;
        while ((task = completions.poll()) != null || disk.inFlightFsyncs() > 0) {
            if (task != null) {
                task.run();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void keepSmall() {
        if (log.sizeInBytes() > MAX_LOG_BYTES) {
            log.truncateFullyAndStartAt(log.logEndOffset());
        }
    }

    /** Baseline: the same bytes written straight to a FileChannel, no log, no index. */
    @Benchmark
    public long baselineRawWrite() throws IOException {
        if (rawPosition > MAX_LOG_BYTES) {
            raw.truncate(0);
            rawPosition = 0;
        }
        rawPosition += raw.write(batch.duplicate(), rawPosition);
        return rawPosition;
    }

    /** Baseline: the same bytes written straight to a FileChannel and forced, per batch. */
    @Benchmark
    public long baselineRawWriteFsync() throws IOException {
        long position = baselineRawWrite();
        raw.force(false);
        return position;
    }

    @Benchmark
    public long appendNoFsync() {
        keepSmall();
        return log.appendAsLeader(batch, 0).lastOffset();
    }

    @Benchmark
    public long appendFsyncEachBatch() throws InterruptedException {
        keepSmall();
        long last = log.appendAsLeader(batch, 0).lastOffset();
        durable = false;
        log.flush((offset, error) -> {
            if (error != null) {
                throw error;
            }
            durable = true;
        });
        while (!durable) {
            completions.take().run();
        }
        return last;
    }

    @Benchmark
    public int readByOffset() {
        long offset = random.nextLong(readLog.logEndOffset());
        MemoryRecords records = readLog.read(offset, batchBytes);
        return records.sizeInBytes();
    }
}
