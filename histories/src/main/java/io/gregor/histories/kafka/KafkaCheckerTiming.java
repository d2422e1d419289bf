package io.gregor.histories.kafka;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain timing of the Kafka checker on a generated history (not a benchmark harness: see the jmh module for
 * those). Usage: {@code KafkaCheckerTiming [events=1000000] [runs=7] [seed=1] [ww] [rw]}. Prints each run and the
 * best and median throughput in history events per second.
 */
public final class KafkaCheckerTiming {

    private KafkaCheckerTiming() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        KafkaCheckerOptions options = KafkaCheckerOptions.defaults().withExpectFinalReadAll(true);
        for (int i = 3; i < args.length; i++) {
            options = args[i].equals("ww") ? options.withWwDeps(true) : args[i].equals("rw")
                    ? options.withRwDeps(true) : options;
        }
        // about 2.2 events per operation once assignments, final polls and the nemesis are added
        History history = KafkaHistoryGenerator.generate(seed, KafkaHistoryGenerator.Config.typical(events * 10 / 22));
        System.out.printf(Locale.ROOT, "history: %d events; options %s%n", history.size(), options);
        double[] perSecond = new double[runs];
        CheckResult result = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            result = KafkaChecker.check(history, options);
            long ns = System.nanoTime() - start;
            perSecond[run] = history.size() / (ns / 1e9);
            System.out.printf(Locale.ROOT, "run %d: %.0f ms, %.0f events/s%n", run, ns / 1e6, perSecond[run]);
        }
        Arrays.sort(perSecond);
        System.out.printf(Locale.ROOT, "best %.0f events/s, median %.0f events/s; verdict %s, %s%n",
                perSecond[runs - 1], perSecond[runs / 2], result.verdict(), result.details().get("stats"));
    }
}
