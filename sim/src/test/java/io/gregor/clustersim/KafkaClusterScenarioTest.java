package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.TopicPartition;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controllersim.BrokerLifecycle;
import io.gregor.env.Env;
import io.gregor.log.LogConfig;
import io.gregor.log.RecordBatchBuilder;
import io.gregor.mutation.Mutations;
import io.gregor.replication.PartitionReplica;
import io.gregor.replication.ReplicaConfig;
import io.gregor.replication.ReplicaMessage;
import io.gregor.sim.SwarmOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The data plane end to end on a quiet network: topics placed, led and replicated, leadership moved on a crash. */
class KafkaClusterScenarioTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int DRIVER = 98;

    private static KafkaCluster cluster(long seed) {
        return cluster(seed, false);
    }

    private static KafkaCluster cluster(long seed, boolean traceLines) {
        return new KafkaCluster(seed, 3, SwarmOptions.none(), Mutations.none(),
                ReplicaConfig.DEFAULT.withMinInsyncReplicas(2).withReplicaLagTimeMaxMs(2_000), LogConfig.DEFAULT,
                traceLines);
    }

    /** Creates topic {@code t} with one partition on all three nodes and writes {@code value} to it. */
    private static TopicPartition oneRecord(KafkaCluster c, String value) {
        c.runFor(5 * SECOND);
        assertThat(c.createTopic("t", 1, 3, 10 * SECOND)).isTrue();
        c.runFor(2 * SECOND);
        TopicPartition tp = new TopicPartition("t", 0);
        produce(c, tp, value);
        c.runFor(SECOND);
        return tp;
    }

    private static PartitionRegistration registration(KafkaCluster c, TopicPartition tp) {
        return c.activeImage().topicByName(tp.topic()).partition(tp.partition());
    }

    /** Sends one acks=all batch of {@code value} to the partition's current leader, from a driver node. */
    private static void produce(KafkaCluster c, TopicPartition tp, String value) {
        PartitionRegistration reg = registration(c, tp);
        Env driver = c.sim().envFor(DRIVER);
        RecordBatchBuilder b = new RecordBatchBuilder();
        b.append(0, null, value);
        driver.network().send(reg.leader(), new BrokerMessage.Produce(value.hashCode(), tp,
                new ReplicaMessage.ProduceRequest((short) -1, reg.leaderEpoch(), b.build(), 30_000)));
    }

    @Test
    void aTopicIsPlacedLedAndReplicated() {
        KafkaCluster c = cluster(1);
        c.runFor(5 * SECOND);
        assertThat(c.createTopic("t", 3, 3, 10 * SECOND)).as(c.describe()).isTrue();
        c.runFor(2 * SECOND);
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition("t", p);
            PartitionRegistration reg = registration(c, tp);
            assertThat(reg.replicas()).containsExactlyInAnyOrder(1, 2, 3);
            for (int id : c.nodes()) {
                PartitionReplica r = c.node(id).replicaManager().replica(tp);
                assertThat(r).as("n%d hosts %s", id, tp).isNotNull();
                assertThat(r.role()).isEqualTo(id == reg.leader() ? PartitionReplica.Role.LEADER
                        : PartitionReplica.Role.FOLLOWER);
            }
            produce(c, tp, "v" + p);
        }
        c.runFor(2 * SECOND);
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition("t", p);
            for (int id : c.nodes()) {
                PartitionReplica r = c.node(id).replicaManager().replica(tp);
                assertThat(r.logEndOffset()).as("n%d %s", id, tp).isEqualTo(1);
                assertThat(r.highWatermark()).as("n%d %s", id, tp).isEqualTo(1);
            }
        }
        assertThat(c.dataInvariants().committedBatches()).isEqualTo(3);
        assertThat(c.violations()).isEmpty();
    }

    @Test
    void aCrashedLeaderIsFencedAndAnIsrMemberTakesOver() {
        KafkaCluster c = cluster(2);
        TopicPartition tp = oneRecord(c, "before");
        PartitionRegistration before = registration(c, tp);
        c.sim().crash(before.leader());
        c.runFor(8 * SECOND); // session timeout, fencing, a new leader from the ISR; maybe a new controller too
        PartitionRegistration after = registration(c, tp);
        assertThat(after.leader()).as(c.describe()).isNotEqualTo(before.leader()).isPositive();
        assertThat(after.leaderEpoch()).isGreaterThan(before.leaderEpoch());
        assertThat(after.isr()).doesNotContain(before.leader());
        produce(c, tp, "after");
        c.runFor(2 * SECOND);
        assertThat(c.node(after.leader()).replicaManager().replica(tp).highWatermark()).isEqualTo(2);
        c.sim().restart(before.leader());
        c.runFor(10 * SECOND); // it registers again, catches up, and the leader expands the ISR to take it back
        PartitionReplica returned = c.node(before.leader()).replicaManager().replica(tp);
        assertThat(returned.logEndOffset()).as(c.describe()).isEqualTo(2);
        assertThat(registration(c, tp).isr()).as(c.describe()).contains(before.leader());
        assertThat(c.violations()).isEmpty();
    }

    /**
     * KIP-631's controlled shutdown and KIP-966's clean-shutdown file: the leader hands its leadership over and leaves
     * the ISR before it stops; restarted, it registers with the broker epoch it recorded, and the file is gone.
     */
    @Test
    void aControlledShutdownMovesLeadershipAndTheRestartIsClean() {
        KafkaCluster c = cluster(3, true);
        TopicPartition tp = oneRecord(c, "a");
        int leader = registration(c, tp).leader();
        long epoch = c.activeImage().broker(leader).epoch(); // its registration's: what the file will hold

        c.node(leader).beginControlledShutdown();
        for (int i = 0; i < 100 && !c.node(leader).readyToStop(); i++) {
            c.runFor(100_000_000L);
        }
        assertThat(c.node(leader).readyToStop()).as(c.describe()).isTrue();
        PartitionRegistration moved = registration(c, tp);
        assertThat(moved.leader()).isNotEqualTo(leader);
        assertThat(moved.isr()).doesNotContain(leader);
        assertThat(c.sim().disk(leader).exists(BrokerLifecycle.CLEAN_SHUTDOWN_FILE)).isTrue();

        c.sim().stop(leader);
        c.runFor(SECOND);
        c.sim().restart(leader);
        c.runFor(5 * SECOND);
        assertThat(c.sim().traceLines()).anyMatch(l -> l.contains("n" + leader + " broker clean shutdown recorded at"
                + " broker epoch " + epoch) && !l.contains("ready to stop"));
        assertThat(c.sim().traceLines()).anyMatch(l -> l.contains("previousBrokerEpoch=" + epoch));
        assertThat(c.sim().disk(leader).exists(BrokerLifecycle.CLEAN_SHUTDOWN_FILE)).isFalse();
        assertThat(registration(c, tp).isr()).as(c.describe()).contains(leader);
        assertThat(c.node(leader).replicaManager().replica(tp).logEndOffset()).isEqualTo(1);
        assertThat(c.violations()).isEmpty();
    }

    /** A clean-shutdown file that does not parse is no proof of a clean shutdown: the restart counts as unclean. */
    @Test
    void aMalformedCleanShutdownFileMeansAnUncleanShutdown() {
        KafkaCluster c = cluster(4, true);
        c.runFor(5 * SECOND);
        c.sim().crash(2);
        c.sim().disk(2).write(BrokerLifecycle.CLEAN_SHUTDOWN_FILE, 0,
                ByteBuffer.wrap("0 twelve\n".getBytes(StandardCharsets.US_ASCII)));
        c.sim().restart(2);
        c.runFor(3 * SECOND);
        assertThat(c.sim().traceLines()).anyMatch(l -> l.contains("n2 broker clean-shutdown file unreadable"));
        assertThat(c.sim().traceLines()).noneMatch(l -> l.contains("BrokerRegistrationRequest[brokerId=2")
                && !l.contains("previousBrokerEpoch=-1"));
        assertThat(c.sim().disk(2).exists(BrokerLifecycle.CLEAN_SHUTDOWN_FILE)).isFalse();
    }
}
