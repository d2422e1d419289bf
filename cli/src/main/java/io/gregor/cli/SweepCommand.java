package io.gregor.cli;

import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.workload.JobKind;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gregor sweep}: many seeds, each an independent deterministic run (so they run in parallel), with a
 * progress bar; prints the failing seeds with their replay commands. Exit 1 when any seed found a violation.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run many seeds and list those that found a violation.",
            "With --mutation: exit 1 and print the seeds that found the bug, exit 0 when none did."})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--seeds", required = true, paramLabel = "K", description = "How many seeds to run.")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "N",
            description = "The first seed (default: ${DEFAULT-VALUE}); seeds N..N+K-1 run.")
    long firstSeed;

    @Mixin
    JobMixin jobOptions;






    @Option(names = "--jobs", paramLabel = "J", description = "Seeds run at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--stop-after", paramLabel = "F", description = "Stop after F failing seeds.")
    Integer stopAfter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || seeds > 10_000_000) {
            throw new BadInputException("--seeds must be between 1 and 10000000");
        }
        Set<Mutation> switches = jobOptions.switches();
        JobKind kind = jobOptions.kind();
        jobOptions.options(firstSeed); // checks every option once, before the pool starts
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > 256) {
            throw new BadInputException("--jobs must be between 1 and 256");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf(Locale.ROOT, "gregor sweep: %s job, seeds %d..%d, mutations %s, %d at a time%n", kind.cliName(),
                firstSeed, firstSeed + seeds - 1, switches.isEmpty() ? "none" : Mutations.of(switches), threads);
        out.flush();

        long startNs = System.nanoTime();
        TreeMap<Long, SeedOutcome> failing = new TreeMap<>();
        TreeMap<Long, SeedOutcome> unknown = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gregor-sweep");
            t.setDaemon(true);
            return t;
        });
        int done = 0;
        try {
            // Each run keeps only its outcome: a whole history per seed would not fit in memory for long sweeps.
            List<Future<SeedOutcome>> futures = new ArrayList<>();
            for (long s = firstSeed; s < firstSeed + seeds; s++) {
                JobOptions options = jobOptions.options(s);
                futures.add(pool.submit(() -> SeedOutcome.of(Jobs.run(options))));
            }
            for (Future<SeedOutcome> f : futures) {
                SeedOutcome r = get(f);
                done++;
                if (r.verdict() == Verdict.INVALID) {
                    failing.put(r.options().seed(), r);
                } else if (r.verdict() == Verdict.UNKNOWN) {
                    unknown.put(r.options().seed(), r);
                }
                progress(err, done, seeds, failing.size(), startNs);
                if (stopAfter != null && failing.size() >= stopAfter) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        err.println();
        double wallS = (System.nanoTime() - startNs) / 1e9;
        out.printf(Locale.ROOT, "%d seeds in %.1f s (%.0f seeds/min): %d invalid, %d unknown%n", done, wallS,
                done / wallS * 60, failing.size(), unknown.size());
        for (SeedOutcome r : failing.values()) {
            out.println("  seed " + r.options().seed() + " invalid: " + r.finding());
            out.println("    replay: " + RunReport.replayCommand(r.options(), null, false));
        }
        for (SeedOutcome r : unknown.values()) {
            out.println("  seed " + r.options().seed() + " unknown: " + r.finding());
            out.println("    replay: " + RunReport.replayCommand(r.options(), null, false));
        }
        out.flush();
        if (!failing.isEmpty()) {
            return Verdict.INVALID.exitCode();
        }
        return unknown.isEmpty() ? Verdict.VALID.exitCode() : Verdict.UNKNOWN.exitCode();
    }

    /** What a sweep keeps of one run. */
    record SeedOutcome(JobOptions options, Verdict verdict, String finding) {
        static SeedOutcome of(JobResult r) {
            return new SeedOutcome(r.options(), r.verdict(), r.verdict() == Verdict.VALID ? "" : firstFinding(r));
        }
    }

    private static SeedOutcome get(Future<SeedOutcome> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    static String firstFinding(JobResult r) {
        if (r.verdict() == Verdict.UNKNOWN) {
            return unknownReason(r);
        }
        for (var i : r.invariants()) {
            if (!i.held()) {
                return i.name() + ": " + i.violations().get(0);
            }
        }
        if (!r.historyCheck().anomalies().isEmpty()) {
            var a = r.historyCheck().anomalies().get(0);
            return "history anomaly " + a.type() + ": " + a.explanation();
        }
        return "history " + r.historyCheck().verdict();
    }

    /** Why a run could not be judged: its setup failed, or the history checker gave up (and on what). */
    static String unknownReason(JobResult r) {
        Object skipped = r.historyCheck().details().get("skipped");
        if (skipped != null) {
            return "history not checked: " + skipped;
        }
        Object reason = r.historyCheck().details().get("unknown-reason");
        if (reason != null) {
            Object keys = r.historyCheck().details().get("unknown-partitions");
            return "the " + r.historyCheck().checker() + " checker gave up" + (keys != null ? " on " + keys : "")
                    + ": " + reason;
        }
        return "the " + r.historyCheck().checker() + " checker could not decide";
    }

    private static void progress(PrintWriter err, int done, int total, int failing, long startNs) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        double elapsedS = (System.nanoTime() - startNs) / 1e9;
        double etaS = done == 0 ? 0 : elapsedS / done * (total - done);
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d seeds, %d failing, eta %.0f s ", "=".repeat(filled),
                " ".repeat(width - filled), done, total, failing, etaS);
        err.flush();
    }
}
