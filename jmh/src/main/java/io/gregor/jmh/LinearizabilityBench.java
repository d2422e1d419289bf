package io.gregor.jmh;

import io.gregor.histories.Verdict;
import io.gregor.histories.linear.LinearizabilityBenchMain;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The linearizability checker on the shapes of {@link LinearizabilityBenchMain}: one check of the whole shape per
 * invocation (single-shot, since one check of the large shapes takes about a second). Operations per second =
 * the shape's operations / the reported time. The etcd shape needs the corpus folder ({@code shared/corpus/
 * porcupine}) above the working directory.
 *
 * <pre>{@code java -jar jmh/target/benchmarks.jar LinearizabilityBench -p shape=kv-10k-keys}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class LinearizabilityBench {

    @Param({"kv-10k-keys", "etcd-corpus", "register-1-key", "kv-1-key"})
    public String shape;

    private LinearizabilityBenchMain.BenchCase benchCase;

    @Setup(Level.Trial)
    public void load() {
        benchCase = LinearizabilityBenchMain.load(shape, false, null);
    }

    @Benchmark
    public Verdict check() {
        return LinearizabilityBenchMain.checkAll(benchCase, 1);
    }
}
