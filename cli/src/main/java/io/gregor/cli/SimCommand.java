package io.gregor.cli;

import io.gregor.histories.Verdict;
import io.gregor.sim.FaultScheduleText;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import io.gregor.workload.ScheduleShrinker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gregor sim}: one simulated run under faults, checked, replayable from its seed. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run one simulated cluster under faults and check it.",
            "Prints the swarm options, the invariants, the verdict, the trace hash and the replay command."})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "The run seed (default: a random one, printed).")
    Long seed;

    @Mixin
    JobMixin jobOptions;

    @Option(names = "--swarm", paramLabel = "OPTIONS",
            description = "Fault options as printed by a run (default: drawn from the seed).")
    String swarm;

    @Option(names = "--no-faults", description = "Run without any fault.")
    boolean noFaults;






    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory for history.jsonl, results.json, timeline.html and trace.txt"
                    + " (default: runs/seed-N).")
    Path out;

    @Option(names = "--no-files", description = "Write no run directory.")
    boolean noFiles;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "Replay this fault schedule (schedule.txt of a run) instead of drawing one from the seed.")
    Path schedule;

    @Option(names = "--shrink", description = "If the run fails, shrink its fault schedule to the fewest events"
            + " that still fail, and write it to shrunk-schedule.txt.")
    boolean shrink;

    @Option(names = "--trace", description = "Also write the human-readable trace (trace.txt) to the run directory.")
    boolean trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobOptions options = options();
        RunReport.header(out, options, Jobs.swarmFor(options), swarm != null || noFaults);
        long startNs = System.nanoTime();
        JobResult result = Jobs.run(options);
        long wallNs = System.nanoTime() - startNs;
        RunReport.body(out, result, wallNs);
        Path dir = out().resolve("seed-" + options.seed());
        if (!noFiles) {
            RunFiles.write(dir, result);
            out.println("run directory: " + dir + "  (history.jsonl/.edn, results.json, timeline.html, schedule.txt"
                    + (trace ? ", trace.txt" : "") + ")");
        }
        Verdict verdict = result.verdict();
        out.println("verdict: " + verdict.name());
        String replay = RunReport.replayCommand(options, swarm != null ? result.swarmLine() : null, noFaults);
        out.println("replay: " + replay + (schedule != null ? " --schedule " + schedule : ""));
        if (shrink && verdict == Verdict.INVALID) {
            shrink(out, result, dir, replay);
        }
        out.flush();
        return verdict.exitCode();
    }

    private void shrink(PrintWriter out, JobResult failed, Path dir, String replay) throws IOException {
        out.printf("shrinking the fault schedule of %d events...%n", failed.faults());
        out.flush();
        int[] runs = {0};
        JobResult smallest = ScheduleShrinker.shrink(failed, Jobs::run, r -> runs[0]++);
        out.printf("shrunk to %d of %d fault events in %d runs; it still fails with: %s%n", smallest.faults(),
                failed.faults(), runs[0], SweepCommand.firstFinding(smallest));
        String text = FaultScheduleText.format(smallest.schedule());
        out.print(text.lines().filter(l -> !l.startsWith("#")).map(l -> "  " + l + "\n").collect(Collectors.joining()));
        Path file = dir.resolve("shrunk-schedule.txt");
        Files.createDirectories(dir);
        Files.writeString(file, text);
        out.println("replay the shrunk run: " + replay + " --schedule " + file);
    }

    private Path out() {
        return out != null ? out : Path.of("runs");
    }

    private JobOptions options() {
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        JobOptions options = jobOptions.options(s).withKeepTraceLines(trace && !noFiles);
        if (noFaults && swarm != null) {
            throw new BadInputException("--no-faults and --swarm cannot be combined");
        }
        if (schedule != null) {
            try {
                options = options.withSchedule(FaultScheduleText.parse(Files.readString(schedule)));
            } catch (IOException e) {
                throw new BadInputException("cannot read --schedule " + schedule + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(schedule + ": " + e.getMessage());
            }
        }
        if (noFaults) {
            options = options.withSwarm(SwarmOptions.none());
        } else if (swarm != null) {
            try {
                options = options.withSwarm(SwarmOptions.parse(swarm));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bad --swarm options: " + e.getMessage());
            }
        }
        return options;
    }
}
