package io.gregor.jmh;

import io.gregor.sim.KernelPingPong;
import io.gregor.sim.Simulation;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second of the simulator kernel: a ping-pong among 5 or 50 nodes (each delivery sends one message to a
 * random peer, so the number in flight stays constant), with the trace hash on as always. The baseline in the same
 * run is a bare {@link PriorityQueue} loop doing the same pop-and-push per event with no simulation around it.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar SimKernelBench -f 1 -wi 2 -i 3 -prof gc}. Scores are events
 * per second (one operation = one event); {@code gc.alloc.rate.norm} near 0 B/op shows the queue reuses entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SimKernelBench {

    /** Events per benchmark invocation. */
    static final int EVENTS = 10_000;

    @Param({"5", "50"})
    public int nodes;

    private Simulation sim;
    private PriorityQueue<Entry> baseline;
    private SplittableRandom baselineRandom;
    private long baselineSeq;

    /** The baseline's event: time and sequence, reused like the kernel's entries. */
    static final class Entry {
        long timeNs;
        long seq;
    }

    @Setup(Level.Trial)
    public void setUp() {
        sim = KernelPingPong.build(42L, nodes);
        baseline = new PriorityQueue<>(Comparator.<Entry>comparingLong(e -> e.timeNs).thenComparingLong(e -> e.seq));
        baselineRandom = new SplittableRandom(42L);
        for (int i = 0; i < nodes * KernelPingPong.MESSAGES_PER_NODE; i++) {
            Entry e = new Entry();
            e.timeNs = 1_000_000L + baselineRandom.nextLong(4_000_000L);
            e.seq = baselineSeq++;
            baseline.add(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long simulatorPingPong() {
        for (int i = 0; i < EVENTS; i++) {
            sim.step();
        }
        return sim.nowNs();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long bareJavaPriorityQueue() {
        long now = 0;
        for (int i = 0; i < EVENTS; i++) {
            Entry e = baseline.poll();
            now = e.timeNs;
            e.timeNs = now + 1_000_000L + baselineRandom.nextLong(4_000_000L);
            e.seq = baselineSeq++;
            baseline.add(e);
        }
        return now;
    }

    /** The trace hash after a fixed number of events: lets a reader check two builds simulate the same run. */
    public String traceHash() {
        return sim.traceHash();
    }
}
