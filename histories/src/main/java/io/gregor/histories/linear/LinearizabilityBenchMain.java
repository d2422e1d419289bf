package io.gregor.histories.linear;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the checker on the benchmark shapes and prints operations per second — the figures to compare with
 * Porcupine's (a Go checker with the same algorithm). {@code gregor check --bench} runs it; the JMH benchmark
 * {@code io.gregor.jmh.LinearizabilityBench} measures the same shapes with JMH's rigour.
 *
 * <ol>
 *   <li>{@code kv-10k-keys}: 1,000,000 kv operations over 10,000 keys from 20 clients (partitioning does the work);</li>
 *   <li>{@code etcd-corpus}: the corpus's 102 etcd cas-register histories, one check each;</li>
 *   <li>{@code register-1-key}: 10,000 operations on one register from 10 clients (the search does the work);</li>
 *   <li>{@code kv-1-key}: 10,000 get/put/append operations on one key from 10 clients (appends do not converge,
 *       so this is the hardest shape).</li>
 * </ol>
 *
 * Arguments: {@code [--repeat N] [--threads N] [--corpus DIR] [--quick] [--shape NAME]...}. Each shape is
 * checked once to warm up, then N times; the best run is reported. {@code --quick} makes every generated history
 * ten times smaller.
 */
public final class LinearizabilityBenchMain {

    /** The shapes, in the order they run. */
    public static final List<String> SHAPES = List.of("kv-10k-keys", "etcd-corpus", "register-1-key", "kv-1-key");

    /** The histories of one shape, each with its model. */
    public record BenchCase(String shape, List<List<Op>> histories, List<Model<?, ?>> models) {
        /** Operations (invocations) over all histories. */
        public long operations() {
            long ops = 0;
            for (List<Op> h : histories) {
                for (Op op : h) {
                    ops += op.isInvoke() ? 1 : 0;
                }
            }
            return ops;
        }
    }

    /** One measured shape. */
    public record Figure(String shape, long operations, long bestNs, Verdict verdict) {
        public double opsPerSecond() {
            return operations * 1e9 / bestNs;
        }
    }

    private LinearizabilityBenchMain() {
    }

    /**
     * The histories of {@code shape} (one of {@link #SHAPES}); generated ones are ten times smaller when {@code
     * quick}. {@code corpus} is the Porcupine corpus folder, or null to look for it above the working directory.
     */
    public static BenchCase load(String shape, boolean quick, Path corpus) {
        int scale = quick ? 10 : 1;
        switch (shape) {
            case "kv-10k-keys":
                return generated(shape, new HistoryGenerator.Shape(HistoryGenerator.Workload.KV, 1_000_000 / scale,
                        20, 10_000 / scale, 0.5, 1));
            case "register-1-key":
                return generated(shape, new HistoryGenerator.Shape(HistoryGenerator.Workload.REGISTER, 10_000 / scale,
                        10, 1, 0.5, 1));
            case "kv-1-key":
                return generated(shape, new HistoryGenerator.Shape(HistoryGenerator.Workload.KV, 10_000 / scale, 10,
                        1, 0.5, 1));
            case "etcd-corpus":
                Path dir = corpus != null ? corpus : PorcupineCorpus.locate(Path.of(""));
                List<List<Op>> histories = new ArrayList<>();
                List<Model<?, ?>> models = new ArrayList<>();
                for (PorcupineCorpus.Entry entry : PorcupineCorpus.entries(dir)) {
                    if (entry.file().getFileName().toString().startsWith("etcd_")) {
                        histories.add(PorcupineCorpus.read(entry.file()));
                        models.add(entry.checkerModel());
                    }
                }
                return new BenchCase(shape, histories, models);
            default:
                throw new IllegalArgumentException("unknown benchmark shape \"" + shape + "\"; known: "
                        + String.join(", ", SHAPES));
        }
    }

    private static BenchCase generated(String name, HistoryGenerator.Shape shape) {
        return new BenchCase(name, List.of(HistoryGenerator.generate(shape)), List.of(HistoryGenerator.modelFor(shape)));
    }

    /** Checks every history of the case; the combined verdict. */
    public static Verdict checkAll(BenchCase benchCase, int threads) {
        Verdict all = Verdict.VALID;
        for (int i = 0; i < benchCase.histories().size(); i++) {
            CheckResult result = Linearizability.check(benchCase.histories().get(i), benchCase.models().get(i),
                    Budget.defaults(), threads);
            all = all.and(result.verdict());
        }
        return all;
    }

    public static void main(String[] args) {
        int repeat = 2;
        int threads = 1;
        boolean quick = false;
        Path corpus = null;
        List<String> shapes = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--repeat":
                        repeat = Integer.parseInt(value(args, ++i));
                        break;
                    case "--threads":
                        threads = Integer.parseInt(value(args, ++i));
                        break;
                    case "--corpus":
                        corpus = Path.of(value(args, ++i));
                        break;
                    case "--quick":
                        quick = true;
                        break;
                    case "--shape":
                        shapes.add(value(args, ++i));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: [--repeat N] "
                                + "[--threads N] [--corpus DIR] [--quick] [--shape NAME]...");
                }
            }
            run(System.out, shapes.isEmpty() ? SHAPES : shapes, repeat, threads, quick, corpus);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("linearizability bench: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Runs the shapes and prints one line each; returns the figures. */
    public static List<Figure> run(PrintStream out, List<String> shapes, int repeat, int threads, boolean quick,
            Path corpus) {
        List<Figure> figures = new ArrayList<>();
        out.printf(Locale.ROOT, "%-16s %10s %10s %14s  %s%n", "shape", "operations", "best ms", "ops/s", "verdict");
        for (String shape : shapes) {
            BenchCase benchCase = load(shape, quick, corpus);
            long bestNs = Long.MAX_VALUE;
            Verdict verdict = null;
            for (int run = 0; run <= repeat; run++) { // run 0 warms up
                long startNs = System.nanoTime();
                verdict = checkAll(benchCase, threads);
                long ns = System.nanoTime() - startNs;
                if (run > 0 || repeat == 0) {
                    bestNs = Math.min(bestNs, ns);
                }
            }
            Figure figure = new Figure(shape, benchCase.operations(), bestNs, verdict);
            out.printf(Locale.ROOT, "%-16s %10d %10.1f %14.0f  %s%n", shape, figure.operations(), bestNs / 1e6,
                    figure.opsPerSecond(), verdict.name().toLowerCase(Locale.ROOT));
            figures.add(figure);
        }
        return figures;
    }
}
