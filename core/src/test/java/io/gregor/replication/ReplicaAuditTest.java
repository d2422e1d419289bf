package io.gregor.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a replica tells its {@link ReplicaAudit} (the simulator's data-plane invariants listen), and that a follower
 * waiting on its own fsync asks to be woken when the fsync completes.
 */
class ReplicaAuditTest {

    private static final ReplicaConfig CONFIG = ReplicaConfig.DEFAULT.withReplicaLagTimeMaxMs(100);

    /** Every call an audit got, as a line. */
    private static final class Recording implements ReplicaAudit {
        final List<String> calls = new ArrayList<>();

        @Override
        public void served(PartitionReplica replica, String request, int requestEpoch) {
            calls.add("served " + request + " epoch " + requestEpoch + " by " + replica.brokerId());
        }

        @Override
        public void acknowledged(PartitionReplica replica, long requiredOffset) {
            calls.add("acknowledged " + requiredOffset + " isr " + replica.maximalIsr());
        }

        @Override
        public void consumerRead(PartitionReplica replica, long endOffset) {
            calls.add("consumer read to " + endOffset + " hw " + replica.highWatermark());
        }
    }

    @Test
    void anAcksAllWriteIsAuditedWhenAcknowledgedNotWhenAppended() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        Recording audit = new Recording();
        c.replica(1).audit(audit);

        ReplicaCluster.Answers a = c.produce(1, -1, 2);
        assertThat(audit.calls).containsExactly("served produce epoch 0 by 1");
        c.catchUp();

        assertThat(a.only().error()).isEqualTo(ReplicationErrors.NONE);
        assertThat(audit.calls).contains("acknowledged 2 isr [1, 2, 3]");
        assertThat(audit.calls.indexOf("acknowledged 2 isr [1, 2, 3]")).isEqualTo(audit.calls.lastIndexOf(
                "acknowledged 2 isr [1, 2, 3]"));
    }

    @Test
    void aRequestFencedByItsEpochIsNotServed() {
        ReplicaCluster c = new ReplicaCluster(3, CONFIG);
        c.publishOnly(c.withLeader(1), 1, 2, 3); // epoch 1, same leader
        Recording audit = new Recording();
        c.replica(1).audit(audit);

        ReplicaCluster.Answers stale = c.produce(1, 1, 1, 0);
        assertThat(stale.only().error()).isEqualTo(ReplicationErrors.FENCED_LEADER_EPOCH);
        ReplicaCluster.Answers future = c.produce(1, 1, 1, 2);
        assertThat(future.only().error()).isEqualTo(ReplicationErrors.UNKNOWN_LEADER_EPOCH);
        assertThat(audit.calls).isEmpty();

        ReplicaCluster.Answers current = c.produce(1, 1, 1, 1);
        assertThat(current.only().error()).isEqualTo(ReplicationErrors.NONE);
        assertThat(audit.calls).containsExactly("served produce epoch 1 by 1");
    }

    @Test
    void aConsumerReadIsAuditedWithWhereItEnds() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG);
        c.produce(1, -1, 3);
        c.catchUp();
        Recording audit = new Recording();
        c.replica(1).audit(audit);

        c.replica(1).handleFetch(new ReplicaMessage.FetchRequest(ReplicaMessage.CONSUMER_REPLICA_ID, 0,
                ReplicaMessage.NO_EPOCH, 0, 1 << 20), c.nowNs());

        assertThat(audit.calls).containsExactly("served consumer fetch epoch 0 by 1", "consumer read to 3 hw 3");
    }

    @Test
    void aFollowerWaitingOnItsFsyncIsWokenWhenTheFsyncCompletes() {
        ReplicaCluster c = new ReplicaCluster(2, CONFIG.withFlushOnAppend(true));
        c.produce(1, -1, 2);
        int[] wakeups = {0};
        c.replica(2).onWakeup(() -> wakeups[0]++);
        c.autoRunDisks = false;
        c.fetch(2); // the follower appends the records, unsynced
        assertThat(c.replica(2).logEndOffset()).isEqualTo(2);

        assertThat(c.replica(2).nextFetchRequest(c.nowNs())).as("no fetch before the fsync").isNull();
        assertThat(wakeups[0]).isZero();
        c.sync(2);

        assertThat(wakeups[0]).as("the completed fsync wakes the broker").isEqualTo(1);
        assertThat(c.replica(2).nextFetchRequest(c.nowNs())).isNotNull();
    }
}
