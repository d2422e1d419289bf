package io.gregor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutation;
import io.gregor.sim.FaultSchedule;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's contract with its users: exit codes, one-line errors, the run directory. */
class GregorCliTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run gregor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Gregor.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void unknownCommandsAndBadOptionsExit254WithOneLineAndNoStackTrace() {
        for (String[] args : new String[][] {{"frobnicate"}, {"sim", "--seed", "x"}, {"sim", "--bogus"},
            {"sweep"}, {"sim", "--mutation", "no-such-bug", "--no-files"}, {"sim", "--duration", "0"}, {}}) {
            Run r = gregor(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).startsWith("gregor: ").doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void simRunsTheClusterJobByDefault() throws IOException {
        Run r = gregor("sim", "--seed", "7", "--duration", "5", "--out", tmp.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.VALID);
        assertThat(r.out()).contains("gregor sim: seed 7", "swarm: --latency=", "cluster job",
                "ok   raft-safety-after-every-event", "ok   controller-safety-after-every-event",
                "ok   data-plane-safety-after-every-event", "ok   every-acknowledged-write-read-after-heal",
                "ok   replicas-identical-below-the-high-watermark-after-heal",
                "checker kafka: valid", "trace hash: ", "verdict: VALID",
                "replay: ./gregor sim --seed 7 --duration 5.0")
                .doesNotContain("--job");
        Path dir = tmp.resolve("seed-7");
        assertThat(Files.readString(dir.resolve("history.edn"))).contains(":f :send", ":f :poll");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"verdict\" : \"valid\"");
        Run recheck = gregor("check", dir.resolve("history.edn").toString(), "--out", tmp.resolve("re").toString());
        assertThat(recheck.exit()).as(recheck.out() + recheck.err()).isEqualTo(ExitCodes.VALID);
        Run weak = gregor("sim", "--seed", "1", "--acks", "1", "--no-files");
        assertThat(weak.exit()).as(weak.out()).isEqualTo(ExitCodes.INVALID);
        assertThat(weak.out()).contains("acks=1 producers", "verdict: INVALID",
                "replay: ./gregor sim --seed 1 --acks 1");
        Run bug = gregor("sim", "--seed", "6", "--mutation", "repl-offsets-before-leadership", "--no-files");
        assertThat(bug.exit()).as(bug.out()).isEqualTo(ExitCodes.INVALID);
        assertThat(bug.out()).contains("cluster job", "replay: ./gregor sim --seed 6 --mutation"
                + " repl-offsets-before-leadership").doesNotContain("--job");
    }

    @Test
    void theDurabilityJobRunsValidAndPrintsItsReplayCommand() throws IOException {
        Run r = gregor("sim", "--job", "durability", "--seed", "7", "--duration", "5", "--out", tmp.toString(),
                "--trace");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.VALID);
        assertThat(r.out()).contains("gregor sim: seed 7", "swarm: --latency=", "invariants:",
                "ok   acknowledged-writes-survive-recovery", "checker kafka: valid", "trace hash: ",
                "verdict: VALID", "replay: ./gregor sim --seed 7 --job durability --duration 5.0");
        Path dir = tmp.resolve("seed-7");
        assertThat(dir.resolve("history.jsonl")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("history.edn"))).contains(":f :send", ":type :invoke");
        Run recheck = gregor("check", dir.resolve("history.edn").toString(), "--final-reads", "--out",
                tmp.resolve("recheck").toString());
        assertThat(recheck.exit()).as(recheck.out() + recheck.err()).isEqualTo(ExitCodes.VALID);
        assertThat(recheck.out()).contains("model kafka (detected)");
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"verdict\" : \"valid\"");
        assertThat(Files.readString(dir.resolve("timeline.html"))).contains("<svg");
        assertThat(Files.readAllLines(dir.resolve("trace.txt"), StandardCharsets.UTF_8))
                .anyMatch(l -> l.matches("\\d+ n\\d+ net recv from n\\d+ .*"));
    }

    @Test
    void theSameSeedPrintsTheSameTraceHash() {
        String a = hashLine(gregor("sim", "--seed", "3", "--duration", "3", "--no-files").out());
        String b = hashLine(gregor("sim", "--seed", "3", "--duration", "3", "--no-files").out());
        String c = hashLine(gregor("sim", "--seed", "4", "--duration", "3", "--no-files").out());
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    private static String hashLine(String out) {
        return out.lines().filter(l -> l.startsWith("trace hash: ")).findFirst().orElseThrow();
    }

    @Test
    void aMutationIsFoundAndExitsOne() {
        Run r = gregor("sim", "--seed", "51", "--mutation", "recovery-point-on-submit", "--no-files");
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("FAIL acknowledged-writes-survive-recovery", "verdict: INVALID",
                "replay: ./gregor sim --seed 51 --mutation recovery-point-on-submit");
    }

    @Test
    void aFailingRunShrinksItsFaultScheduleAndTheShrunkScheduleReplays() throws IOException {
        Run r = gregor("sim", "--seed", "1", "--mutation", "ack-before-fsync", "--shrink", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("shrinking the fault schedule of 21 events", "still fails with: "
                + "acknowledged-writes-survive-recovery", "replay the shrunk run: ");
        Path shrunk = tmp.resolve("seed-1/shrunk-schedule.txt");
        long events = Files.readAllLines(shrunk).stream().filter(l -> !l.startsWith("#")).count();
        assertThat(events).isBetween(1L, 20L);
        Run replay = gregor("sim", "--seed", "1", "--mutation", "ack-before-fsync", "--schedule", shrunk.toString(),
                "--no-files");
        assertThat(replay.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(replay.out()).contains("FAIL acknowledged-writes-survive-recovery", "ran: ")
                .contains(events + " faults");
        Run clean = gregor("sim", "--job", "durability", "--seed", "1", "--schedule", shrunk.toString(),
                "--no-files");
        assertThat(clean.exit()).isEqualTo(ExitCodes.VALID);
    }

    @Test
    void sweepListsTheSeedsThatFoundAMutationAndExitsOne() {
        Run r = gregor("sweep", "--seeds", "25", "--mutation", "ack-before-fsync", "--jobs", "2");
        assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("invalid:", "replay: ./gregor sim --seed ");
        Run clean = gregor("sweep", "--seeds", "5", "--jobs", "2");
        assertThat(clean.exit()).as(clean.out()).isEqualTo(ExitCodes.VALID);
        assertThat(clean.out()).contains("5 seeds in", "0 invalid");
    }

    /** A seed that cannot be judged says why in a sweep's list: a skipped check's reason, or what the checker gave up. */
    @Test
    void anUnknownSeedSaysWhy() {
        JobOptions options = JobOptions.defaults(7);
        JobResult skipped = new JobResult(options, "", List.of(), new CheckResult("kafka", Verdict.UNKNOWN, List.of(),
                Map.of("skipped", "setup failed: the topic could not be created")), List.of(), "0", 0, 0,
                FaultSchedule.empty(), List.of());
        assertThat(SweepCommand.SeedOutcome.of(skipped).finding())
                .isEqualTo("history not checked: setup failed: the topic could not be created");
        JobResult budget = new JobResult(options, "", List.of(), new CheckResult("linearizable/kv", Verdict.UNKNOWN,
                List.of(), Map.of("unknown-reason", "wall time budget of 5000 ms exhausted", "unknown-partitions",
                List.of("k0"))), List.of(), "0", 0, 0, FaultSchedule.empty(), List.of());
        assertThat(SweepCommand.SeedOutcome.of(budget).finding())
                .isEqualTo("the linearizable/kv checker gave up on [k0]: wall time budget of 5000 ms exhausted");
    }

    @Test
    void theQuorumJobRunsAndARaftMutationPicksIt() {
        Run q = gregor("sim", "--job", "quorum", "--seed", "5", "--duration", "5", "--no-files");
        assertThat(q.exit()).as(q.out() + q.err()).isIn(ExitCodes.VALID, ExitCodes.UNKNOWN);
        assertThat(q.out()).contains("quorum job", "ok   raft-safety-after-every-event",
                "ok   leader-commits-after-heal", "checker linearizable/kv", "replay: ./gregor sim --seed 5 --job quorum");
        Run five = gregor("sim", "--job", "quorum", "--nodes", "5", "--seed", "3", "--duration", "5", "--no-files");
        assertThat(five.exit()).as(five.out() + five.err()).isIn(ExitCodes.VALID, ExitCodes.UNKNOWN);
        assertThat(five.out()).contains("5 KRaft voters", "replay: ./gregor sim --seed 3 --job quorum --nodes 5");
        Run snap = gregor("sim", "--job", "quorum", "--snapshot-interval", "5", "--seed", "4", "--no-files");
        assertThat(snap.exit()).as(snap.out() + snap.err()).isIn(ExitCodes.VALID, ExitCodes.UNKNOWN);
        assertThat(snap.out()).contains("snapshots every 5 records", "ok   raft-safety-after-every-event",
                "replay: ./gregor sim --seed 4 --job quorum --snapshot-interval 5");
        Run ctl = gregor("sim", "--job", "controller", "--seed", "2", "--duration", "5", "--no-files");
        assertThat(ctl.exit()).as(ctl.out() + ctl.err()).isEqualTo(ExitCodes.VALID);
        assertThat(ctl.out()).contains("controller job", "ok   controller-safety-after-every-event",
                "per topic: valid", "replay: ./gregor sim --seed 2 --job controller --duration 5.0");
        Run combined = gregor("sim", "--job", "controller", "--deployment", "combined", "--seed", "3",
                "--snapshot-interval", "5", "--no-files");
        assertThat(combined.exit()).as(combined.out() + combined.err()).isEqualTo(ExitCodes.VALID);
        assertThat(combined.out()).contains("3 combined nodes", "snapshots every 5 records",
                "ok   controller-active-and-brokers-unfenced-after-heal",
                "replay: ./gregor sim --seed 3 --job controller --snapshot-interval 5 --deployment combined");
        Run bug = gregor("sim", "--seed", "2", "--mutation", "raft-vote-before-durable", "--no-files");
        assertThat(bug.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(bug.out()).contains("quorum job", "FAIL raft-safety-after-every-event",
                "replay: ./gregor sim --seed 2 --mutation raft-vote-before-durable");
        for (String[] args : new String[][] {
            {"sim", "--job", "durability", "--mutation", "raft-no-check-quorum", "--no-files"},
            {"sim", "--mutation", "raft-no-check-quorum,ack-before-fsync", "--no-files"},
            {"sim", "--job", "nope", "--no-files"},
            {"sim", "--job", "quorum", "--nodes", "10", "--no-files"},
            {"sim", "--job", "durability", "--snapshot-interval", "5", "--no-files"},
            {"sim", "--job", "kip996", "--nodes", "3", "--no-files"},
            {"sim", "--job", "quorum", "--deployment", "combined", "--no-files"},
            {"sim", "--nodes", "2", "--no-files"},
            {"sim", "--acks", "2", "--no-files"},
            {"sim", "--job", "quorum", "--no-flush", "--no-files"},
            {"sim", "--deployment", "diagonal", "--no-files"},
            {"sim", "--no-flush", "--writeback", "0", "--no-files"},
            {"sim", "--writeback", "1000", "--no-files"},
            {"sim", "--nemesis", "meteor", "--no-files"},
            {"sim", "--nemesis", "interleave-epochs", "--no-files"},
            {"sim", "--job", "quorum", "--nemesis", "pause", "--no-files"},
            {"sweep", "--seeds", "3", "--job", "quorum", "--mutation", "controller-fence-empties-isr"}}) {
            Run r = gregor(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).startsWith("gregor: ");
        }
        Run split = gregor("sim", "--seed", "2", "--deployment", "split", "--duration", "5", "--no-files");
        assertThat(split.exit()).as(split.out() + split.err()).isEqualTo(ExitCodes.VALID);
        assertThat(split.out()).contains("3 KRaft controllers and 3 brokers observing the metadata log",
                "replay: ./gregor sim --seed 2 --deployment split --duration 5.0");
        // one targeted kind alone: the swarm strikes no node or link itself, and the replay says which kind
        Run scripted = gregor("sweep", "--seeds", "3", "--deployment", "split", "--duration", "60", "--nemesis",
                "interleave-epochs", "--mutation", "repl-no-kip279-revalidation");
        assertThat(scripted.exit()).as(scripted.out() + scripted.err()).isEqualTo(ExitCodes.INVALID);
        assertThat(scripted.out()).containsPattern("replay: \\./gregor sim --seed [123] --mutation"
                + " repl-no-kip279-revalidation --deployment split --nemesis interleave-epochs --duration 60\\.0");
        Run alone = gregor("sim", "--seed", "3", "--nemesis", "kill-leader", "--duration", "5", "--no-files");
        assertThat(alone.exit()).as(alone.out() + alone.err()).isEqualTo(ExitCodes.VALID);
        assertThat(alone.out()).contains("--no-crashes --no-pauses --no-partitions --no-clogs --no-breaks",
                "nemesis: kill-leader", "replay: ./gregor sim --seed 3 --nemesis kill-leader --duration 5.0");
        // the controller's switches: the cluster job runs the controller too
        Run found = gregor("sweep", "--seeds", "3", "--job", "cluster", "--mutation", "controller-fence-empties-isr");
        assertThat(found.exit()).as(found.out() + found.err()).isEqualTo(ExitCodes.INVALID);
        assertThat(found.out()).contains("replay: ./gregor sim --seed 1 --job cluster --mutation"
                + " controller-fence-empties-isr");
    }

    /** Pre-vote's absence is safe, only unstable: the KIP-996 topology job judges it, and the mutation picks it. */
    @Test
    void theKip996JobMeasuresPreVote() {
        Run ok = gregor("sim", "--job", "kip996", "--seed", "1", "--no-files");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.VALID);
        assertThat(ok.out()).contains("kip996 job", "first leader: edge",
                "ok   leadership-stable-under-partial-connectivity",
                "ok   majority-commits-under-partial-connectivity", "replay: ./gregor sim --seed 1 --job kip996");
        Run bug = gregor("sim", "--seed", "2", "--mutation", "raft-no-pre-vote", "--no-files");
        assertThat(bug.exit()).as(bug.out() + bug.err()).isEqualTo(ExitCodes.INVALID);
        assertThat(bug.out()).contains("first leader: hub", "FAIL leadership-stable-under-partial-connectivity",
                "replay: ./gregor sim --seed 2 --mutation raft-no-pre-vote").doesNotContain("--job");
        Run sweep = gregor("sweep", "--seeds", "2", "--mutation", "raft-no-pre-vote", "--jobs", "2");
        assertThat(sweep.exit()).as(sweep.out()).isEqualTo(ExitCodes.INVALID);
        assertThat(sweep.out()).contains("kip996 job", "2 invalid");
    }

    /** The bench runs the main job warm against the bare kernel, and refuses impossible counts with one line. */
    @Test
    void benchMeasuresTheMainJobAgainstTheKernel() {
        Run r = gregor("bench", "--duration", "2", "--runs", "2", "--warmups", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.VALID);
        assertThat(r.out()).contains("./gregor sim --seed 1 --no-faults --duration 2.0 --no-files",
                "baseline: the simulator kernel alone", "run 1: ", "run 2: ", "median of 2: ")
                .containsPattern("of the kernel's\\); trace hash [0-9a-f]{16}");
        for (String[] args : new String[][] {{"bench", "--runs", "0"}, {"bench", "--warmups", "21"},
            {"bench", "--duration", "0"}, {"bench", "--runs", "x"}}) {
            Run bad = gregor(args);
            assertThat(bad.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(bad.err()).startsWith("gregor: ").doesNotContain("\tat ");
        }
    }

    @Test
    void mutationsListsEverySwitch() {
        Run r = gregor("mutations");
        assertThat(r.exit()).isZero();
        for (Mutation m : Mutation.values()) {
            assertThat(r.out()).contains(m.cliName());
        }
    }

    @Test
    void checkJudgesAHistoryFileWithJepsensExitCodes() throws IOException {
        Path valid = tmp.resolve("ok.jsonl");
        Files.writeString(valid, String.join("\n",
                "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1,\"time\":0}",
                "{\"index\":1,\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1,\"time\":1}",
                "{\"index\":2,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"value\":null,\"time\":2}",
                "{\"index\":3,\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":1,\"time\":3}"));
        Run ok = gregor("check", valid.toString(), "--out", tmp.resolve("ok").toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.VALID);
        assertThat(ok.out()).contains("model register (detected)", "verdict: VALID");
        assertThat(tmp.resolve("ok/results.json")).isNotEmptyFile();
        assertThat(tmp.resolve("ok/timeline.html")).isNotEmptyFile();

        Path stale = tmp.resolve("stale.jsonl");
        Files.writeString(stale, Files.readString(valid).replace("\"value\":1,\"time\":3", "\"value\":0,\"time\":3"));
        Run bad = gregor("check", stale.toString(), "--out", tmp.resolve("bad").toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(bad.out()).contains("nonlinearizable");
    }

    @Test
    void checkRefusesBadInputWith254() throws IOException {
        Path garbage = tmp.resolve("garbage.jsonl");
        Files.writeString(garbage, "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\"\nnot json at all\n");
        for (String[] args : new String[][] {{"check", garbage.toString()}, {"check", tmp.resolve("none").toString()},
            {"check", garbage.toString(), "--model", "no-such-model"}}) {
            Run r = gregor(args);
            assertThat(r.exit()).as(String.join(" ", args) + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).startsWith("gregor: ").doesNotContain("\tat ");
        }
    }
}
