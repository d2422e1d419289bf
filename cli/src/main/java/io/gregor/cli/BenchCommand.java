package io.gregor.cli;

import io.gregor.clustersim.ClusterJob;
import io.gregor.histories.Verdict;
import io.gregor.sim.KernelPingPong;
import io.gregor.sim.Simulation;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gregor bench}: the speed of the main job, the simulated cluster with every check on, measured warm in one
 * JVM on the calling thread — simulated seconds per wall second and events per second — against the simulator
 * kernel alone measured in the same run. Pin it to one core with {@code taskset -c 0} for the one-core figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the simulator's speed on the main job (warm, one thread) against its bare kernel.",
            "The runs are ./gregor sim --seed N --no-faults --duration D --no-files, every check on;"
                    + " run under taskset -c 0 for the one-core figure."})
final class BenchCommand implements Callable<Integer> {

    /** The kernel baseline's nodes and events (after as many again to warm it). */
    static final int KERNEL_NODES = 5;
    static final long KERNEL_EVENTS = 20_000_000L;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "The runs' seed (default: 1).")
    long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "600",
            description = "Simulated seconds of workload per run (default: 600).")
    double durationSeconds;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Measured runs (default: 5).")
    int runs;

    @Option(names = "--warmups", paramLabel = "N", defaultValue = "8",
            description = "Runs first, to warm the JIT, not counted (default: 8; pinned to one core the JIT"
                    + " compiles on the same core, and runs keep getting faster until about the eighth).")
    int warmups;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(durationSeconds >= 1 && durationSeconds <= 3_600)) {
            throw new BadInputException("--duration must be between 1 and 3600 simulated seconds");
        }
        if (runs < 1 || runs > 20) {
            throw new BadInputException("--runs must be between 1 and 20");
        }
        if (warmups < 0 || warmups > 20) {
            throw new BadInputException("--warmups must be between 0 and 20");
        }
        PrintWriter out = spec.commandLine().getOut();
        JobOptions options = ClusterJob.options(seed).withSwarm(SwarmOptions.none())
                .withWorkloadNs((long) (durationSeconds * 1e9));
        out.printf(Locale.ROOT, "gregor bench: the cluster job as ./gregor sim --seed %d --no-faults --duration %.1f"
                + " --no-files (every check on), %d warm-up and %d measured runs, on one thread%n", seed,
                options.workloadNs() / 1e9, warmups, runs);
        double kernel = kernelEventsPerSecond();
        out.printf(Locale.ROOT, "baseline: the simulator kernel alone (ping-pong among %d nodes, trace hash on):"
                + " %,.0f events/s%n", KERNEL_NODES, kernel);
        out.flush();
        double[] perSecond = new double[runs];
        double[] realTime = new double[runs];
        String hash = null;
        for (int i = -warmups; i < runs; i++) {
            long startNs = System.nanoTime();
            JobResult result = ClusterJob.run(options);
            long wallNs = System.nanoTime() - startNs;
            Verdict verdict = result.verdict();
            if (verdict != Verdict.VALID) {
                out.println("the run was not valid (" + verdict + "): replay it with "
                        + RunReport.replayCommand(options, null, true));
                return verdict.exitCode();
            }
            if (hash != null && !hash.equals(result.traceHash())) {
                out.println("the runs differ (trace hashes " + hash + " and " + result.traceHash()
                        + "): the simulation is not deterministic");
                return ExitCodes.INTERNAL_ERROR;
            }
            hash = result.traceHash();
            double eventsPerSecond = result.events() / (wallNs / 1e9);
            double times = result.simulatedNs() / (double) wallNs;
            out.printf(Locale.ROOT, "%s: %,d events, %.1f simulated s in %.2f s wall: %.0fx real time,"
                    + " %,.0f events/s (%.3f of the kernel's)%n", i < 0 ? "warm-up" : "run " + (i + 1),
                    result.events(), result.simulatedNs() / 1e9, wallNs / 1e9, times, eventsPerSecond,
                    eventsPerSecond / kernel);
            out.flush();
            if (i >= 0) {
                perSecond[i] = eventsPerSecond;
                realTime[i] = times;
            }
        }
        out.printf(Locale.ROOT, "median of %d: %.0fx real time, %,.0f events/s (%.3f of the kernel's); trace hash %s"
                + "%n", runs, median(realTime), median(perSecond), median(perSecond) / kernel, hash);
        return ExitCodes.VALID;
    }

    /** The kernel's rate, warmed with as many events first. */
    private static double kernelEventsPerSecond() {
        Simulation sim = KernelPingPong.build(42L, KERNEL_NODES);
        for (long i = 0; i < KERNEL_EVENTS; i++) {
            sim.step();
        }
        long startNs = System.nanoTime();
        for (long i = 0; i < KERNEL_EVENTS; i++) {
            sim.step();
        }
        return KERNEL_EVENTS / ((System.nanoTime() - startNs) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
