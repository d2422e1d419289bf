package io.gregor.replication;

import io.gregor.controller.AlterPartitionResponse;
import io.gregor.controller.Errors;
import io.gregor.controller.PartitionRegistration;
import io.gregor.log.Log;
import io.gregor.log.LogConfig;
import io.gregor.log.ManualClock;
import io.gregor.log.MemoryDiskHarness;
import io.gregor.log.RecordBatch;
import io.gregor.log.TestBatches;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A tiny deterministic cluster for one partition: brokers 1..n, each a {@link MemoryDiskHarness} (crashes keep the durable bytes only), a {@link Log} and a
 * {@link PartitionReplica}, plus a fake controller that elects leaders only from the ISR, applies AlterPartition
 * with the partition epoch check, and fences a crashed broker (out of the ISR unless it is the last member, leadership
 * moved to another ISR member or to none). Messages are delivered by direct calls, when the test says.
 */
final class ReplicaCluster {

    static final String DIR = "t-0";
    static final LogConfig LOG_CONFIG = LogConfig.DEFAULT.withSegmentBytes(4096);

    final ReplicaConfig config;
    final ManualClock clock = new ManualClock(1_000_000L);
    final TestBatches.ListTrace trace = new TestBatches.ListTrace();
    final List<Integer> ids = new ArrayList<>();
    final TreeMap<Integer, MemoryDiskHarness> disks = new TreeMap<>();
    final TreeMap<Integer, PartitionReplica> alive = new TreeMap<>();
    /** How many times each broker started: distinguishes a restarted replica from its predecessor. */
    final TreeMap<Integer, Integer> incarnations = new TreeMap<>();
    PartitionRegistration registration;
    /** Deliver fsync completions after every step; off, the test delivers them with {@link #sync(int)}. */
    boolean autoRunDisks = true;
    /** Deliver AlterPartition proposals after every step; off, the test delivers them with {@link #deliverAlterPartitions()}. */
    boolean autoAlterPartition = true;
    private int nextTag;

    ReplicaCluster(int brokers, ReplicaConfig config) {
        this.config = config;
        for (int id = 1; id <= brokers; id++) {
            ids.add(id);
            disks.put(id, new MemoryDiskHarness(id, false));
            alive.put(id, open(id));
        }
        registration = new PartitionRegistration(ids, ids, 1, 0, 0);
        publish();
    }

    private PartitionReplica open(int id) {
        MemoryDiskHarness disk = disks.get(id);
        incarnations.merge(id, 1, Integer::sum);
        Log log = Log.open(disk.disk(), DIR, LOG_CONFIG, clock, trace);
        disk.runUntilIdle();
        return new PartitionReplica(id, log, config, trace);
    }

    long nowNs() {
        return clock.nanoTime();
    }

    PartitionReplica replica(int id) {
        return alive.get(id);
    }

    /** The replica the registration names leader, if it is alive. */
    PartitionReplica leader() {
        return alive.get(registration.leader());
    }

    /** Every alive broker learns the current registration. */
    void publish() {
        for (PartitionReplica r : alive.values()) {
            r.onMetadata(registration, nowNs());
        }
        runDisks();
    }

    /** The controller's registration changes, but only {@code ids} hear of it (the others missed the update). */
    void publishOnly(PartitionRegistration next, int... ids) {
        registration = next;
        for (int id : ids) {
            alive.get(id).onMetadata(next, nowNs());
        }
        runDisks();
    }

    /** The registration electing {@code id} at the next leader epoch, not yet published. */
    PartitionRegistration withLeader(int id) {
        return new PartitionRegistration(registration.replicas(), registration.isr(), id,
                registration.leaderEpoch() + 1, registration.partitionEpoch() + 1);
    }

    /** Flushes a broker's log to disk (a clean shutdown's flush). */
    void flush(int id) {
        alive.get(id).log().flush((offset, error) -> { });
        runDisks();
    }

    /** Delivers the fsync completions pending on one broker's disk. */
    void sync(int id) {
        if (alive.containsKey(id)) {
            disks.get(id).runUntilIdle();
        }
    }

    void runDisks() {
        if (!autoRunDisks) {
            return;
        }
        for (int id : alive.keySet()) {
            disks.get(id).runUntilIdle();
        }
    }

    // ---- the fake controller ----

    void electLeader(int id) {
        if (!registration.isr().contains(id)) {
            throw new IllegalArgumentException("broker " + id + " is not in the ISR " + registration.isr());
        }
        registration = new PartitionRegistration(registration.replicas(), registration.isr(), id,
                registration.leaderEpoch() + 1, registration.partitionEpoch() + 1);
        publish();
    }

    /** The controller changes the ISR by itself (no leader change). */
    void setIsr(List<Integer> isr) {
        registration = new PartitionRegistration(registration.replicas(), isr, registration.leader(),
                registration.leaderEpoch(), registration.partitionEpoch() + 1);
        publish();
    }

    AlterPartitionResponse alterPartition(int brokerId, AlterPartitionProposal p) {
        if (brokerId != registration.leader() || p.leaderEpoch() != registration.leaderEpoch()) {
            return new AlterPartitionResponse(Errors.FENCED_LEADER_EPOCH, -1, -1, List.of(), -1);
        }
        if (p.partitionEpoch() != registration.partitionEpoch()) {
            return new AlterPartitionResponse(Errors.INVALID_UPDATE_VERSION, -1, -1, List.of(), -1);
        }
        for (int id : p.newIsr()) {
            if (!registration.isr().contains(id) && !alive.containsKey(id)) {
                return new AlterPartitionResponse(Errors.INELIGIBLE_REPLICA, -1, -1, List.of(), -1);
            }
        }
        registration = new PartitionRegistration(registration.replicas(), p.newIsr(), registration.leader(),
                registration.leaderEpoch(), registration.partitionEpoch() + 1);
        return new AlterPartitionResponse(Errors.NONE, registration.leader(), registration.leaderEpoch(),
                registration.isr(), registration.partitionEpoch());
    }

    private void processAlterPartitions() {
        if (autoAlterPartition) {
            deliverAlterPartitions();
        }
    }

    /** Delivers every AlterPartition proposal due now, and publishes what the controller applied. */
    void deliverAlterPartitions() {
        for (PartitionReplica r : new ArrayList<>(alive.values())) {
            AlterPartitionProposal p = r.nextAlterPartition(nowNs());
            if (p != null) {
                AlterPartitionResponse response = alterPartition(r.brokerId(), p);
                r.onAlterPartitionResponse(p, response, false, nowNs());
                if (response.error() == Errors.NONE) {
                    publish();
                }
            }
        }
    }

    // ---- faults ----

    /** The broker loses its memory and unsynced writes; the controller fences it. */
    void crash(int id) {
        alive.remove(id);
        disks.get(id).crash();
        List<Integer> isr = new ArrayList<>(registration.isr());
        if (isr.size() > 1) {
            isr.remove(Integer.valueOf(id));
        }
        int leader = registration.leader();
        int leaderEpoch = registration.leaderEpoch();
        if (leader == id) {
            leader = -1;
            for (int candidate : isr) {
                if (alive.containsKey(candidate)) {
                    leader = candidate;
                    break;
                }
            }
            leaderEpoch++;
        }
        registration = new PartitionRegistration(registration.replicas(), isr, leader, leaderEpoch,
                registration.partitionEpoch() + 1);
        publish();
    }

    /** The broker comes back over its durable disk; if the partition has no leader and it is in the ISR, it leads. */
    void restart(int id) {
        alive.put(id, open(id));
        if (registration.leader() == -1 && registration.isr().contains(id)) {
            registration = new PartitionRegistration(registration.replicas(), registration.isr(), id,
                    registration.leaderEpoch() + 1, registration.partitionEpoch() + 1);
        }
        publish();
    }

    // ---- traffic ----

    /** One fetch from {@code followerId} to its leader and the answer back, if it has one to send. */
    boolean fetch(int followerId) {
        PartitionReplica f = alive.get(followerId);
        if (f == null || f.leaderId() < 0 || !alive.containsKey(f.leaderId())) {
            return false;
        }
        FetchRequest request = f.nextFetchRequest(nowNs());
        runDisks();
        if (request == null) {
            return false;
        }
        FetchResponse response = alive.get(f.leaderId()).handleFetch(request, nowNs());
        f.handleFetchResponse(request, response, nowNs());
        runDisks();
        processAlterPartitions();
        return true;
    }

    /** A fetch from every alive follower. */
    void fetchRound() {
        for (int id : new ArrayList<>(alive.keySet())) {
            fetch(id);
        }
    }

    /** Fetch rounds until nothing changes (or a bound). */
    void catchUp() {
        for (int i = 0; i < 50; i++) {
            fetchRound();
        }
    }

    void advanceMs(long ms) {
        clock.advanceMs(ms);
        for (PartitionReplica r : new ArrayList<>(alive.values())) {
            r.tick(nowNs());
        }
        processAlterPartitions();
    }

    /** The answers a produce got (none yet for a waiting acks=all). */
    static final class Answers {
        final List<ProduceResponse> responses = new ArrayList<>();
        /** The batch as the leader wrote it (offsets and epoch assigned in place). */
        byte[] written;

        ProduceResponse only() {
            if (responses.size() != 1) {
                throw new AssertionError("expected one answer, got " + responses);
            }
            return responses.get(0);
        }
    }

    /** A fresh one-batch produce of {@code records} records to {@code brokerId}, with a unique payload. */
    Answers produce(int brokerId, int acks, int records) {
        return produce(brokerId, acks, records, registration.leaderEpoch());
    }

    Answers produce(int brokerId, int acks, int records, int currentLeaderEpoch) {
        Answers answers = new Answers();
        ByteBuffer batch = TestBatches.batch(clock.wallMillis(), records, 8, nextTag++);
        alive.get(brokerId).handleProduce(new ProduceRequest((short) acks, currentLeaderEpoch, batch, 5_000),
                nowNs(), answers.responses::add);
        answers.written = TestBatches.bytes(batch);
        runDisks();
        return answers;
    }

    /** Every batch of a replica's log, as byte arrays. */
    static List<byte[]> batches(PartitionReplica r) {
        List<byte[]> out = new ArrayList<>();
        for (RecordBatch b : TestBatches.readAll(r.log())) {
            out.add(TestBatches.bytes(b.slice()));
        }
        return out;
    }
}
