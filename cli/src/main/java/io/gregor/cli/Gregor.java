package io.gregor.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code gregor} tool's entry point. */
@Command(name = "gregor", mixinStandardHelpOptions = true, version = "gregor 0.1.0",
        description = "Apache Kafka rebuilt simulation-first: simulate, sweep and check.",
        subcommands = {SimCommand.class, SweepCommand.class, MutationsCommand.class, CheckCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (a violation was found)", "2:unknown",
            "254:bad arguments or input", "255:internal error"})
public final class Gregor implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of internal errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool and returns its exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Gregor gregor = new Gregor();
        CommandLine cli = new CommandLine(gregor);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine bad = ex.getCommandLine();
            bad.getErr().println("gregor: " + ex.getMessage());
            bad.getErr().println();
            bad.usage(bad.getErr());
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, bad, parsed) -> {
            if (ex instanceof BadInputException) {
                bad.getErr().println("gregor: " + ex.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            bad.getErr().println("gregor: internal error: " + ex);
            if (gregor.verbose) {
                ex.printStackTrace(bad.getErr());
            } else {
                bad.getErr().println("(run again with --verbose for the stack trace)");
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli.execute(args);
    }
}
