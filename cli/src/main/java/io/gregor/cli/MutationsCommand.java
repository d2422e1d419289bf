package io.gregor.cli;

import io.gregor.mutation.Mutation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gregor mutations}: the catalogue of bug switches. */
@Command(name = "mutations", mixinStandardHelpOptions = true,
        description = "List the bug switches (mutations) the simulator must be able to find.")
final class MutationsCommand implements Callable<Integer> {

    @Option(names = "--sources", description = "Also print where each bug or rule is known from.")
    boolean sources;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = 0;
        for (Mutation m : Mutation.values()) {
            width = Math.max(width, m.cliName().length());
        }
        Mutation.Layer layer = null;
        for (Mutation m : Mutation.values()) {
            if (m.layer() != layer) {
                layer = m.layer();
                out.println(layer == Mutation.Layer.LOG ? "the log (found by: ./gregor sweep --job durability)"
                        : layer == Mutation.Layer.RAFT ? "the KRaft quorum (found by: ./gregor sweep --job quorum)"
                        : layer == Mutation.Layer.REPLICATION ? "partition replication (found by: ./gregor sweep"
                                + " --job cluster; the KIP-279 and KAFKA-7164 rows with --deployment split --duration 60"
                                + " --nemesis interleave-epochs or failover-while-asleep: docs/mutations.md)"
                        : "the controller (found by: ./gregor sweep --job cluster; controller-no-elr with --no-flush"
                                + " --writeback 1000 --deployment split --nemesis fence-followers; and by its property"
                                + " test, ControllerPropertyTest)");
            }
            out.printf("  %-" + width + "s  %s%n", m.cliName(), m.description());
            if (sources) {
                out.printf("  %-" + width + "s  source: %s%n", "", m.source());
            }
        }
        out.println();
        out.println("Run one: ./gregor sweep --mutation NAME --seeds K   (exit 1 and the seeds that found it)");
        out.flush();
        return ExitCodes.VALID;
    }
}
