package io.gregor.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.controller.PartitionRegistration;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Followers after leader changes: truncation by leader epoch (KIP-101, both of its scenarios), iterative
 * truncation (KIP-279), re-validation under the same leader (KAFKA-7164), the high watermark after truncation
 * (KAFKA-14704).
 */
class TruncationScenarioTest {

    private static final ReplicaConfig CONFIG = ReplicaConfig.DEFAULT.withReplicaLagTimeMaxMs(100);

    private static void assertSameLog(PartitionReplica a, PartitionReplica b) {
        assertThat(ReplicaCluster.batches(a)).usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(ReplicaCluster.batches(b));
    }

    private static void assertHighWatermarkWithinLog(ReplicaCluster c) {
        for (PartitionReplica r : c.alive.values()) {
            assertThat(r.highWatermark()).as("hw of %s", r).isLessThanOrEqualTo(r.logEndOffset());
        }
    }

    /**
     * KIP-101 scenario 1: a follower restarts knowing an old high watermark. Truncating to it would drop a committed
     * record that it then could not give back when it becomes leader; truncating by epoch keeps it.
     */
    @Test
    void kip101FollowerRestartDoesNotLoseACommittedRecord() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        c.produce(1, -1, 1);
        c.fetch(2);
        c.fetch(2); // m1 committed everywhere, follower hw 1
        ReplicaCluster.Answers m2 = c.produce(1, -1, 1);
        c.fetch(2); // follower has m2, its hw is still 1
        c.fetch(2); // reports it: the leader commits m2 and acknowledges it
        assertThat(m2.only().error()).isEqualTo(ReplicationErrors.NONE);

        // follower 2 restarts cleanly (its log flushed), staying in the ISR; its high watermark resets
        c.flush(2);
        c.disks.get(2).crash();
        c.alive.remove(2);
        c.alive.put(2, new PartitionReplica(2, io.gregor.log.Log.open(c.disks.get(2).disk(), ReplicaCluster.DIR,
                ReplicaCluster.LOG_CONFIG, c.clock, c.trace), CONFIG, c.trace));
        c.publish();
        assertThat(c.replica(2).highWatermark()).isZero();
        assertThat(c.replica(2).logEndOffset()).isEqualTo(2);

        c.crash(1); // the leader dies before follower 2 fetches again; 2 takes over
        assertThat(c.replica(2).isLeader()).isTrue();
        assertThat(c.replica(2).logEndOffset()).isEqualTo(2);
        c.restart(1);
        c.catchUp();
        assertSameLog(c.replica(1), c.replica(2));
        assertThat(c.replica(2).highWatermark()).isEqualTo(2);
    }

    /**
     * KIP-101 scenario 2: after a crash the new leader writes a different record at an offset the old leader also
     * holds. The old leader, now a follower, must find the divergence by epoch and take the new record.
     */
    @Test
    void kip101RestartedLeaderTruncatesItsDivergentTail() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        c.produce(1, 1, 1);
        c.fetch(2);
        c.fetch(2);
        c.produce(1, 1, 1); // m2 at offset 1 on broker 1 only
        c.flush(1);
        c.crash(1); // 2 leads epoch 1
        ReplicaCluster.Answers m3 = c.produce(2, 1, 1);
        assertThat(m3.only().baseOffset()).isEqualTo(1);

        c.restart(1);
        assertThat(c.replica(1).logEndOffset()).isEqualTo(2); // still holds m2
        c.fetch(1);
        assertThat(c.replica(1).logEndOffset()).isEqualTo(1); // truncated to the end of epoch 0
        assertHighWatermarkWithinLog(c);
        c.catchUp();
        assertSameLog(c.replica(1), c.replica(2));
    }

    /**
     * KAFKA-7164: broker 3 misses epoch 1 and sees leader 1 at epoch 0 and again at epoch 2. Leader 1 truncated the
     * record 3 copied from it in epoch 0; 3 must validate again although its leader id did not change.
     */
    @Test
    void kafka7164SameLeaderAtAHigherEpochIsValidatedAgain() {
        ReplicaCluster c = kafka7164Story(CONFIG);
        assertThat(c.replica(3).logEndOffset()).isEqualTo(1); // m2 gone
        assertHighWatermarkWithinLog(c);
        c.catchUp();
        assertSameLog(c.replica(3), c.replica(1));
        assertSameLog(c.replica(2), c.replica(1));
    }

    /** The same story with {@link Mutation#REPL_SAME_LEADER_SKIPS_VALIDATION}: broker 3 keeps m2 where 1 has m3. */
    @Test
    void kafka7164WithTheSwitchTheFollowerKeepsWhatItsLeaderTruncated() {
        ReplicaCluster c = kafka7164Story(
                CONFIG.withMutations(Mutations.of(Mutation.REPL_SAME_LEADER_SKIPS_VALIDATION)));
        c.catchUp();
        assertThat(c.replica(3).logEndOffset()).isEqualTo(c.replica(1).logEndOffset());
        assertThat(ReplicaCluster.batches(c.replica(3)).get(1))
                .isNotEqualTo(ReplicaCluster.batches(c.replica(1)).get(1));
    }

    /** m1 everywhere; m2 copied by 3 only; epoch 1 (leader 2), unheard by 3, truncates m2 on 1; epoch 2: leader 1. */
    private static ReplicaCluster kafka7164Story(ReplicaConfig config) {
        ReplicaCluster c = new ReplicaCluster(3, config);
        c.produce(1, 1, 1);
        c.catchUp(); // m1 at offset 0 everywhere
        c.produce(1, 1, 1); // m2 at offset 1, uncommitted
        c.fetch(3); // only 3 copies it

        c.publishOnly(c.withLeader(2), 1, 2); // epoch 1: broker 3 does not hear of it
        c.produce(2, 1, 1); // m3 at offset 1 in epoch 1
        c.fetch(1); // 1 truncates m2
        c.fetch(1); // and copies m3
        assertThat(c.replica(1).logEndOffset()).isEqualTo(2);

        PartitionRegistration epoch2 = c.withLeader(1);
        c.publishOnly(epoch2, 1, 2, 3); // 3 sees leader 1 again, now at epoch 2
        assertThat(c.replica(3).leaderId()).isEqualTo(1);
        c.fetch(3);
        return c;
    }

    /**
     * KIP-279: the follower has epochs {0, 2}, the leader {0, 1, 3}. The leader's answer names epoch 1, which the
     * follower never had: it cuts to the end of its own epoch 0 and asks again, rather than trusting the leader's end
     * of epoch 1 (which would keep its epoch-2 records at offsets the leader filled in epoch 1).
     */
    @Test
    void kip279FollowerTruncatesInRoundsWhenItLacksTheLeadersEpoch() {
        ReplicaCluster c = kip279Story(CONFIG);
        assertThat(c.replica(3).logEndOffset()).isEqualTo(1); // to the end of its epoch 0, not to 3
        assertThat(c.replica(3).log().latestEpoch().getAsInt()).isZero();
        assertHighWatermarkWithinLog(c);
        c.catchUp();
        assertSameLog(c.replica(3), c.replica(1));
        assertSameLog(c.replica(2), c.replica(1));
        assertThat(c.replica(1).log().epochEntries()).isEqualTo(c.replica(3).log().epochEntries());
    }

    /**
     * The same story with {@link Mutation#REPL_KIP279_NO_REVALIDATION}: broker 3 trusts the leader's end of epoch 1,
     * keeps its epoch-2 records, and — its last epoch still 2, which the leader answers the same way every time —
     * never fetches again: it does not converge (the cluster job's convergence check is what would see it).
     */
    @Test
    void kip279WithTheSwitchTheFollowerKeepsItsDivergentEpochAndStopsReplicating() {
        ReplicaCluster c = kip279Story(CONFIG.withMutations(Mutations.of(Mutation.REPL_KIP279_NO_REVALIDATION)));
        assertThat(c.replica(3).log().latestEpoch().getAsInt()).isEqualTo(2);
        c.catchUp();
        assertThat(c.replica(3).logEndOffset()).isEqualTo(3);
        assertThat(c.replica(1).logEndOffset()).isEqualTo(4);
        assertThat(ReplicaCluster.batches(c.replica(3)).get(1))
                .isNotEqualTo(ReplicaCluster.batches(c.replica(1)).get(1));
    }

    /** Follower 3 ends with epochs {0, 2}, leader 1 with {0, 1, 3}; 3 then fetches once. */
    private static ReplicaCluster kip279Story(ReplicaConfig config) {
        ReplicaCluster c = new ReplicaCluster(3, config);
        c.produce(1, 1, 1);
        c.catchUp(); // epoch 0: offset 0 everywhere

        c.publishOnly(c.withLeader(2), 1, 2); // epoch 1, broker 3 does not hear of it
        c.produce(2, 1, 2); // offsets 1-2 in epoch 1
        c.fetch(1);
        c.fetch(1);
        assertThat(c.replica(1).logEndOffset()).isEqualTo(3);

        c.publishOnly(c.withLeader(3), 3); // epoch 2: only broker 3 hears of it
        c.produce(3, 1, 2); // offsets 1-2 in epoch 2, on broker 3 only

        c.publishOnly(c.withLeader(1), 1, 2, 3); // epoch 3: everyone
        c.produce(1, 1, 1); // offset 3 in epoch 3
        c.fetch(3);
        return c;
    }

    /**
     * KAFKA-14704: a diverging answer carries the leader's high watermark, which may be above where the follower
     * truncates to; the follower applies a high watermark only after truncating, never above its log end.
     */
    @Test
    void kafka14704FollowerHighWatermarkStaysWithinItsLogAfterTruncation() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        c.produce(1, 1, 1);
        c.catchUp();
        c.produce(1, 1, 3); // offsets 1-3 on broker 1 only
        c.flush(1);
        c.crash(1); // 2 leads epoch 1
        c.produce(2, 1, 5); // offsets 1-5 in epoch 1
        c.restart(1);
        c.fetch(1);
        c.catchUp();
        c.produce(2, 1, 1);
        c.catchUp();
        assertThat(c.replica(2).highWatermark()).isEqualTo(7);

        // broker 1 now diverges again: it led epoch 2 alone and wrote offsets 7-9, which 2 never saw
        c.publishOnly(c.withLeader(1), 1);
        c.produce(1, 1, 3);
        c.flush(1);
        c.publishOnly(c.withLeader(2), 1, 2); // epoch 3: 2 leads with high watermark 7, log end 7
        c.setIsr(List.of(2)); // 1 is out of the ISR, so 2 commits alone
        c.produce(2, 1, 10); // offsets 7-16: 2's high watermark 17 passes broker 1's truncation point
        PartitionReplica one = c.replica(1);
        c.fetch(1);
        assertThat(one.logEndOffset()).isEqualTo(7);
        assertThat(one.highWatermark()).isLessThanOrEqualTo(7);
        assertThat(c.replica(2).highWatermark()).isEqualTo(17);
        c.catchUp();
        assertSameLog(c.replica(1), c.replica(2));
        assertThat(c.registration.isr()).containsExactlyInAnyOrder(1, 2);
        assertThat(List.of(one.highWatermark(), one.logEndOffset())).containsExactly(17L, 17L);
    }
}
