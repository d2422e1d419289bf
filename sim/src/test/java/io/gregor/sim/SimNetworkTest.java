package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated network: latency, loss, duplication, ordering, partitions, clogs and connection breaks. */
class SimNetworkTest {

    private final List<String> log = new ArrayList<>();

    private Simulation cluster(long seed, NetworkConfig network, int nodes) {
        Simulation sim = new Simulation(seed, SimConfig.defaults().withNetwork(network).withTraceLines(true));
        for (int id = 1; id <= nodes; id++) {
            sim.addNode(id, () -> new Recorder(log));
        }
        log.clear();
        return sim;
    }

    private static NetworkConfig fixedLatency(long ns) {
        return NetworkConfig.defaults().withLatency(LatencyModel.fixed(ns));
    }

    private static void send(Simulation sim, int from, int to, Object message) {
        sim.envFor(from).network().send(to, message);
    }

    @Test
    void aMessageArrivesAfterItsLatency() {
        Simulation sim = cluster(1, fixedLatency(2_000_000L), 2);
        send(sim, 1, 2, "ping");
        sim.runUntil(1_999_999L);
        assertThat(log).isEmpty();
        sim.runUntil(2_000_000L);
        assertThat(log).containsExactly("n2 got ping from n1");
        assertThat(sim.traceLines()).contains("2000000 n2 net recv from n1 ping");
    }

    @Test
    void latenciesStayWithinTheirRange() {
        Simulation sim = cluster(3, NetworkConfig.defaults().withLatency(LatencyModel.exponential(1_000, 50_000)), 2);
        List<Long> arrivals = new ArrayList<>();
        sim.addNode(9, () -> new Recorder(new ArrayList<>()) {
            @Override
            public void onMessage(int fromNodeId, Object message) {
                arrivals.add(sim.nowNs());
            }
        });
        for (int i = 0; i < 500; i++) {
            send(sim, 1, 9, i);
        }
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(arrivals).hasSize(500).allMatch(t -> t >= 1_000 && t <= 50_000);
        assertThat(arrivals.stream().filter(t -> t < 15_000).count()).as("most are short").isGreaterThan(250);
    }

    @Test
    void independentLatenciesReorderButFifoLinksDoNot() {
        NetworkConfig jittery = NetworkConfig.defaults().withLatency(LatencyModel.uniform(1_000, 100_000));
        Simulation reordering = cluster(5, jittery, 2);
        for (int i = 0; i < 50; i++) {
            send(reordering, 1, 2, i);
        }
        reordering.runUntilQuiescent(Long.MAX_VALUE);
        List<String> unordered = new ArrayList<>(log);
        assertThat(unordered).hasSize(50).isNotEqualTo(inOrder(50));

        log.clear();
        Simulation fifo = cluster(5, jittery.withFifoLinks(true), 2);
        for (int i = 0; i < 50; i++) {
            send(fifo, 1, 2, i);
        }
        fifo.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).isEqualTo(inOrder(50));
    }

    private static List<String> inOrder(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("n2 got " + i + " from n1");
        }
        return out;
    }

    @Test
    void lossDropsAndDuplicationDoubles() {
        Simulation lossy = cluster(1, fixedLatency(10).withLossRate(1.0), 2);
        send(lossy, 1, 2, "gone");
        lossy.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).isEmpty();
        assertThat(lossy.traceLines()).anyMatch(l -> l.endsWith("n1 net drop to n2 (lost) gone"));

        Simulation doubling = cluster(1, fixedLatency(10).withDuplicateRate(1.0), 2);
        send(doubling, 1, 2, "twice");
        doubling.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactly("n2 got twice from n1", "n2 got twice from n1");
    }

    @Test
    void aOneWayPartitionBlocksOnlyItsDirection() {
        Simulation sim = cluster(1, fixedLatency(10), 3);
        sim.inject(new FaultEvent.Partition(0, List.of(1), List.of(2), true));
        assertThat(sim.network().isBlocked(1, 2)).isTrue();
        assertThat(sim.network().isBlocked(2, 1)).isFalse();
        send(sim, 1, 2, "blocked");
        send(sim, 2, 1, "passes");
        send(sim, 1, 3, "other link");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactlyInAnyOrder("n1 got passes from n2", "n3 got other link from n1");
    }

    @Test
    void aSymmetricPartitionBlocksBothWaysUntilHealed() {
        Simulation sim = cluster(1, fixedLatency(10), 4);
        sim.inject(new FaultEvent.Partition(0, List.of(1, 2), List.of(3, 4), false));
        send(sim, 1, 3, "x");
        send(sim, 4, 2, "y");
        send(sim, 1, 2, "same side");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactly("n2 got same side from n1");
        sim.inject(new FaultEvent.Heal(sim.nowNs()));
        send(sim, 1, 3, "after heal");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).contains("n3 got after heal from n1");
    }

    @Test
    void aClogHoldsEveryMessageAndReleasesThemAllInOrderWhenItEnds() {
        Simulation sim = cluster(1, NetworkConfig.defaults().withLatency(LatencyModel.uniform(10, 1_000)), 2);
        sim.inject(new FaultEvent.Clog(0, 1, 2, 1_000_000));
        List<Long> times = new ArrayList<>();
        sim.addNode(3, () -> new Recorder(new ArrayList<>()));
        for (int i = 0; i < 5; i++) {
            send(sim, 1, 2, i);
            sim.runFor(100_000);
        }
        send(sim, 2, 1, "reverse is open");
        sim.runUntil(999_999);
        assertThat(log).containsExactly("n1 got reverse is open from n2");
        sim.runUntil(1_000_000);
        assertThat(log).containsExactly("n1 got reverse is open from n2", "n2 got 0 from n1", "n2 got 1 from n1",
                "n2 got 2 from n1", "n2 got 3 from n1", "n2 got 4 from n1");
        assertThat(times).isEmpty();
    }

    @Test
    void aBrokenConnectionLosesItsInFlightMessagesAndComesBackOnTheNextSend() {
        Simulation sim = cluster(1, fixedLatency(1_000), 2);
        send(sim, 1, 2, "in flight");
        sim.runFor(500);
        sim.inject(new FaultEvent.BreakConnection(sim.nowNs(), 1, 2));
        assertThat(sim.network().isConnected(1, 2)).isFalse();
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactlyInAnyOrder("n1 conn n2 down", "n2 conn n1 down");
        assertThat(sim.traceLines()).anyMatch(l -> l.contains("(connection-broken) in flight"));

        log.clear();
        send(sim, 2, 1, "hello again");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactly("n2 conn n1 up", "n1 conn n2 up", "n1 got hello again from n2");
    }

    @Test
    void messagesToUnknownNodesAreDroppedAndTraced() {
        Simulation sim = cluster(1, fixedLatency(10), 1);
        send(sim, 1, 42, "nobody");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).isEmpty();
        assertThat(sim.traceLines()).anyMatch(l -> l.endsWith("n1 net drop to n42 (unknown-node) nobody"));
    }

    @Test
    void aNodeCanMessageItself() {
        Simulation sim = cluster(1, fixedLatency(10), 1);
        send(sim, 1, 1, "me");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).containsExactly("n1 got me from n1");
    }
}
