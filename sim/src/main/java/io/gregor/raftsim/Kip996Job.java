package io.gregor.raftsim;

import io.gregor.histories.CheckResult;
import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import io.gregor.sim.FaultSchedule;
import io.gregor.sim.SwarmOptions;
import io.gregor.workload.InvariantResult;
import io.gregor.workload.JobOptions;
import io.gregor.workload.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * KIP-996's partial-connectivity topology as a job ({@code ./gregor sim --job kip996}): the stability measure of
 * pre-vote, which a safety sweep cannot see (a quorum without pre-vote stays safe; it just keeps electing).
 *
 * <p>Five voters A..E. After a leader is elected on the full network, only these pairs still talk: A–C, B–D and the
 * triangle C–D–E; the other five pairs (A–B, A–D, A–E, B–C, B–E) are cut, each as two one-way drops. C, D and E
 * are a connected majority, so a stable quorum is possible; A and B each reach exactly one member of it. The first
 * leader plays A (an <em>edge</em>: it hears fetches from C alone, so check-quorum must depose it) on odd seeds and
 * C (the <em>hub</em>: it keeps A, D and E and should never be deposed) on even ones. A record is appended on the
 * current leader every 0.5 s for the 60 s the cuts last.
 *
 * <p>With pre-vote, A and B — who never hear the leader — stand as Prospective, and their only peer (C or D) still
 * fetches from the leader and refuses the pre-vote (KIP-996), so the epoch moves only for the one necessary
 * election (0 with the hub leading, 1 with the edge) and every append of the second half commits. Without, each
 * bumps its epoch and sends a real Vote whose epoch reaches and deposes the leader through C or D, again and
 * again. Both are invariants here, next to Raft's safety checks after every event.
 */
public final class Kip996Job {

    private static final long SECOND = 1_000_000_000L;
    static final long CUT_DURATION_NS = 60 * SECOND;
    static final long APPEND_INTERVAL_NS = SECOND / 2;
    /** Appends offered in the last half of the cut period when a leader is always there: 30 s / 0.5 s. */
    static final int APPENDS_PER_HALF = (int) (CUT_DURATION_NS / 2 / APPEND_INTERVAL_NS);
    /** The topology's five voters. */
    public static final int VOTERS = 5;

    /** The part the first leader plays in the topology. */
    public enum FirstLeader {
        /** A: reaches only C once the links are cut. */
        EDGE(1),
        /** C: reaches A, D and E. */
        HUB(0);

        /** Epoch bumps allowed with pre-vote: the elections the topology makes necessary. */
        public final int maxBumpsWithPreVote;

        FirstLeader(int maxBumpsWithPreVote) {
            this.maxBumpsWithPreVote = maxBumpsWithPreVote;
        }

        /** The part a seed gives the first leader: the edge on odd seeds, the hub on even ones. */
        public static FirstLeader forSeed(long seed) {
            return (seed & 1) == 1 ? EDGE : HUB;
        }
    }

    /**
     * What one run measured over the cut period.
     *
     * @param topology which voter plays which letter
     * @param epochBumps how far the highest epoch moved after the cuts
     * @param hwGrowth how far the largest high watermark moved (leader-change records count)
     * @param hwGrowthLastHalf the same over the last 30 s
     * @param appendsLastHalf the appends that found a leader in the last 30 s
     */
    public record Outcome(RaftCluster cluster, FirstLeader role, String topology, int epochBumps, long hwGrowth,
            long hwGrowthLastHalf, int appendsLastHalf, List<String> violations) {

        /** Only the necessary election happened. */
        public boolean stable() {
            return epochBumps <= role.maxBumpsWithPreVote;
        }

        /** A leader was there for every append of the last half, and each of them committed. */
        public boolean committedEverything() {
            return appendsLastHalf == APPENDS_PER_HALF && hwGrowthLastHalf >= appendsLastHalf;
        }

        public String describe() {
            return role + " leader: " + epochBumps + " epoch bumps, HW +" + hwGrowth + " (+" + hwGrowthLastHalf
                    + " for " + appendsLastHalf + " appends in the last 30 s); " + cluster.describe();
        }
    }

    private Kip996Job() {
    }

    /**
     * Elects a leader on the full network, gives it the part {@code role} in the topology, cuts the links and runs
     * for {@link #CUT_DURATION_NS}, appending on whichever voter leads every {@link #APPEND_INTERVAL_NS}.
     */
    public static Outcome execute(long seed, Mutations mutations, FirstLeader role, boolean keepTraceLines) {
        RaftCluster c = new RaftCluster(seed, VOTERS, SwarmOptions.none(), mutations, keepTraceLines);
        if (!c.runUntilLeader(10 * SECOND)) {
            List<String> v = new ArrayList<>(c.invariants().violations());
            v.add("no leader within 10 s on the full network: " + c.describe());
            return new Outcome(c, role, "not formed", 0, 0, 0, 0, v);
        }
        c.runFor(SECOND);
        int first = c.leader();
        List<Integer> others = new ArrayList<>(c.voters());
        others.remove(Integer.valueOf(first));
        int a = role == FirstLeader.EDGE ? first : others.get(1);
        int b = others.get(0);
        int hub = role == FirstLeader.HUB ? first : others.get(1);
        int d = others.get(2);
        int e = others.get(3);
        String topology = "A=n" + a + " B=n" + b + " C=n" + hub + " D=n" + d + " E=n" + e;
        int[][] cutPairs = {{a, b}, {a, d}, {a, e}, {b, hub}, {b, e}};
        for (int[] pair : cutPairs) {
            c.sim().network().partition(List.of(pair[0]), List.of(pair[1]), false);
            c.sim().network().partition(List.of(pair[1]), List.of(pair[0]), false);
        }
        int epochAtCut = c.maxEpoch();
        long hwAtCut = c.maxHighWatermark();
        long halfNs = c.sim().nowNs() + CUT_DURATION_NS / 2;
        long endNs = c.sim().nowNs() + CUT_DURATION_NS;
        long hwAtHalf = hwAtCut;
        int appendsLastHalf = 0;
        int n = 0;
        while (c.sim().nowNs() < endNs && !c.stopped()) {
            int leader = c.leader();
            if (leader >= 0) {
                String value = "v" + n++;
                c.raft(leader).append(new KvCommand(0, value.hashCode(), "put", "k", value).encode());
                if (c.sim().nowNs() >= halfNs) {
                    appendsLastHalf++;
                }
            }
            if (c.sim().nowNs() < halfNs) {
                hwAtHalf = c.maxHighWatermark();
            }
            c.runFor(APPEND_INTERVAL_NS);
        }
        return new Outcome(c, role, topology, c.maxEpoch() - epochAtCut, c.maxHighWatermark() - hwAtCut,
                c.maxHighWatermark() - hwAtHalf, appendsLastHalf, c.invariants().violations());
    }

    /** Runs the job for the CLI (five voters whatever {@code --nodes} says; the topology is the only fault). */
    public static JobResult run(JobOptions options) {
        FirstLeader role = FirstLeader.forSeed(options.seed());
        Outcome o = execute(options.seed(), options.mutations(), role, options.keepTraceLines());
        var sim = o.cluster().sim();
        List<String> stability = o.stable() ? List.of() : List.of("the epoch moved " + o.epochBumps() + " times "
                + "under the cuts; the topology needs " + role.maxBumpsWithPreVote + " election(s): " + o.describe());
        List<String> progress = o.committedEverything() ? List.of() : List.of("the C-D-E majority did not commit "
                + "every append of the last 30 s: " + o.describe());
        List<InvariantResult> invariants = List.of(
                new InvariantResult("raft-safety-after-every-event", sim.eventsProcessed(), o.violations()),
                new InvariantResult("leadership-stable-under-partial-connectivity", 1, stability),
                new InvariantResult("majority-commits-under-partial-connectivity", 1, progress));
        CheckResult check = new CheckResult("none", Verdict.VALID, List.of(), Map.of("skipped",
                "this job records no client history: its invariants judge it"));
        String line = "kip996-topology first-leader=" + role.name().toLowerCase(Locale.ROOT) + " ("
                + o.topology() + "; only A-C, B-D and C-D-E talk)";
        return new JobResult(options, line,
                invariants, check, List.of(), sim.traceHash(), sim.eventsProcessed(), sim.nowNs(),
                FaultSchedule.empty(), options.keepTraceLines() ? sim.traceLines() : List.of());
    }
}
