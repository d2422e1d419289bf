package io.gregor.raftsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.Verdict;
import io.gregor.mutation.Mutations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed sweeps of the quorum under swarm faults: every invariant, liveness after heal, linearizable kv history. */
class RaftSwarmTest {

    @Test
    void threeVotersPassASeedSweep() {
        sweep(RaftSwarm.Spec.standard(), 1, 41);
    }

    @Test
    void fiveVotersPassASeedSweep() {
        sweep(RaftSwarm.Spec.standard().withVoters(5), 1001, 1021);
    }

    private static void sweep(RaftSwarm.Spec spec, long from, long to) {
        List<String> failures = new ArrayList<>();
        long ok = 0;
        for (long seed = from; seed < to; seed++) {
            RaftSwarm.Result r = RaftSwarm.run(seed, spec, Mutations.none());
            if (!r.passed()) {
                failures.add(r.summary());
            }
            assertThat(r.linearizability()).as(r.summary()).isIn(Verdict.VALID, Verdict.UNKNOWN, null);
            ok += r.okOps();
        }
        assertThat(failures).isEmpty();
        assertThat(ok).as("clients made progress").isGreaterThan(100);
    }

    @Test
    void sameSeedSameTraceHash() {
        RaftSwarm.Spec spec = RaftSwarm.Spec.standard().withHistoryCheck(false);
        for (long seed = 7; seed < 10; seed++) {
            RaftSwarm.Result a = RaftSwarm.run(seed, spec, Mutations.none());
            RaftSwarm.Result b = RaftSwarm.run(seed, spec, Mutations.none());
            assertThat(a.traceHash()).as("seed %d", seed).isEqualTo(b.traceHash());
        }
    }
}
