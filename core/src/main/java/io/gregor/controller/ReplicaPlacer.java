package io.gregor.controller;

import io.gregor.common.Invariant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rack-unaware round-robin replica assignment (Kafka's classic {@code assignReplicasToBrokersRackUnaware}): the
 * first replica of partition {@code p} is broker {@code (start + p) mod n}; followers are the next brokers at a
 * shift that grows by one every {@code n} partitions, so leaders and followers both spread evenly. Kafka picks
 * {@code start} and the shift at random; here both come from a caller-supplied seed (the topic name's hash), so
 * the same request on the same cluster always yields the same assignment.
 */
final class ReplicaPlacer {

    private ReplicaPlacer() {
    }

    /**
     * @param brokers usable broker ids, ascending
     * @param numPartitions partitions to place, at least 1
     * @param replicationFactor replicas per partition, 1..brokers.size()
     * @param seed any int; fixes the starting broker and shift
     * @return one replica list per partition, preferred leader first
     */
    static List<List<Integer>> place(List<Integer> brokers, int numPartitions, int replicationFactor, int seed) {
        int n = brokers.size();
        Invariant.check(replicationFactor >= 1 && replicationFactor <= n,
                "replication factor %s with %s brokers", replicationFactor, n);
        Invariant.check(numPartitions >= 1, "partitions %s", numPartitions);
        int startIndex = Math.floorMod(seed, n);
        int nextReplicaShift = Math.floorMod(seed >>> 16, n);
        List<List<Integer>> out = new ArrayList<>(numPartitions);
        for (int p = 0; p < numPartitions; p++) {
            if (p > 0 && p % n == 0) {
                nextReplicaShift++;
            }
            int first = (p + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(first));
            for (int j = 0; j < replicationFactor - 1; j++) {
                int index = (first + 1 + (nextReplicaShift + j) % (n - 1)) % n;
                replicas.add(brokers.get(index));
            }
            out.add(List.copyOf(replicas));
        }
        return out;
    }
}
