package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.env.Env;
import io.gregor.env.Node;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crash, restart and pause: what a node object sees, and what it must never see. */
class NodeLifecycleTest {

    private final List<String> log = new ArrayList<>();

    /** A node that schedules a timer at start and logs its timers. */
    private final class TimerNode implements Node {
        private Env env;

        @Override
        public void start(Env anEnv) {
            env = anEnv;
            long incarnation = log.stream().filter(l -> l.startsWith("start")).count() + 1;
            log.add("start " + incarnation + " at " + env.clock().nanoTime());
            env.timers().schedule(10_000_000L, () -> log.add("timer of incarnation " + incarnation));
        }

        @Override
        public void onMessage(int fromNodeId, Object message) {
            log.add("message " + message);
        }
    }

    private static SimConfig fixedLatency(long ns) {
        return SimConfig.defaults().withNetwork(NetworkConfig.defaults().withLatency(LatencyModel.fixed(ns)));
    }

    @Test
    void aCrashDropsTheNodesTimersAndARestartNeverSeesTheOldIncarnationsEvents() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        sim.addNode(1, TimerNode::new);
        sim.runUntil(5_000_000L);
        sim.crash(1);
        assertThat(sim.isUp(1)).isFalse();
        assertThat(sim.node(1)).isNull();
        sim.runUntil(6_000_000L);
        sim.restart(1);
        assertThat(sim.incarnation(1)).isEqualTo(2);
        sim.runUntil(100_000_000L);
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).startsWith("start 1");
        assertThat(log.get(1)).startsWith("start 2");
        assertThat(log.get(2)).isEqualTo("timer of incarnation 2");
    }

    @Test
    void messagesInFlightToACrashedNodeNeverReachItsNextIncarnation() {
        Simulation sim = new Simulation(1, fixedLatency(1_000_000));
        sim.addNode(1, TimerNode::new);
        sim.addNode(2, () -> new Recorder(new ArrayList<>()));
        sim.envFor(2).network().send(1, "to the old one");
        sim.runUntil(100);
        sim.crash(1);
        sim.restart(1);
        sim.runUntil(2_000_000);
        assertThat(log).noneMatch(l -> l.startsWith("message"));
        sim.envFor(2).network().send(1, "to the new one");
        sim.runUntil(4_000_000);
        assertThat(log).contains("message to the new one");
    }

    @Test
    void aCrashedIncarnationsViewsAreDead() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        List<String> peerLog = new ArrayList<>();
        sim.addNode(1, () -> new Recorder(new ArrayList<>()));
        sim.addNode(2, () -> new Recorder(peerLog));
        Env old = sim.envFor(1);
        sim.crash(1);
        sim.restart(1);
        old.network().send(2, "from beyond");
        old.timers().schedule(10, () -> peerLog.add("stale timer"));
        old.trace().event("test", "stale");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(peerLog).noneMatch(l -> l.contains("from beyond") || l.contains("stale"));
    }

    @Test
    void aCrashTellsThePeersTheConnectionWentDown() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        List<String> peers = new ArrayList<>();
        sim.addNode(1, () -> new Recorder(new ArrayList<>()));
        sim.addNode(2, () -> new Recorder(peers));
        sim.addNode(3, () -> new Recorder(peers));
        peers.clear();
        sim.crash(1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(peers).containsExactly("n2 conn n1 down", "n3 conn n1 down");
    }

    @Test
    void aRestartRebuildsTheNodeOverItsDurableDisk() {
        Simulation sim = new Simulation(1, SimConfig.defaults().withDisk(DiskConfig.defaults()
                .withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED)));
        List<String> seen = new ArrayList<>();
        sim.addNode(1, () -> new Recorder(new ArrayList<>()) {
            @Override
            public void start(Env anEnv) {
                super.start(anEnv);
                seen.add(anEnv.disk().list().toString());
                if (!anEnv.disk().exists("state")) {
                    anEnv.disk().write("state", 0, ByteBuffer.wrap(new byte[] {1}));
                    anEnv.disk().fsync("state", e -> seen.add("synced"));
                    anEnv.disk().write("scratch", 0, ByteBuffer.wrap(new byte[] {2}));
                }
            }
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        sim.crash(1);
        sim.restart(1);
        assertThat(seen).containsExactly("[]", "synced", "[scratch, state]");
        assertThat(sim.disk(1).contents("state")).containsExactly(1);
        assertThat(sim.disk(1).contents("scratch")).as("created durably, but its bytes were not synced").isEmpty();
    }

    @Test
    void aPausedNodesEventsWaitForThePauseAndKeepTheirOrder() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        List<String> seen = new ArrayList<>();
        sim.addNode(1, () -> new Recorder(seen) {
            @Override
            public void start(Env anEnv) {
                super.start(anEnv);
                anEnv.timers().schedule(2_000, () -> seen.add("timer at " + sim.nowNs()
                        + " clock " + anEnv.clock().nanoTime()));
            }

            @Override
            public void onMessage(int fromNodeId, Object message) {
                seen.add(message + " at " + sim.nowNs());
            }
        });
        sim.addNode(2, () -> new Recorder(new ArrayList<>()));
        long clockBefore = sim.clock(1).nanoTime();
        sim.pause(1, 50_000);
        assertThat(sim.isPaused(1)).isTrue();
        sim.envFor(2).network().send(1, "m1");
        sim.runFor(3_000);
        sim.envFor(2).network().send(1, "m2");
        sim.runUntil(49_999);
        assertThat(seen).containsExactly("n1 start");
        sim.runUntil(50_000);
        assertThat(seen).containsExactly("n1 start", "m1 at 50000", "timer at 50000 clock " + (clockBefore + 50_000),
                "m2 at 50000");
        assertThat(sim.isPaused(1)).isFalse();
    }

    @Test
    void aPauseIsNotACrash() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        sim.addNode(1, TimerNode::new);
        Node before = sim.node(1);
        sim.pause(1, 20_000_000L);
        sim.runUntil(30_000_000L);
        assertThat(sim.node(1)).isSameAs(before);
        assertThat(sim.incarnation(1)).isEqualTo(1);
        assertThat(log).containsExactly(log.get(0), "timer of incarnation 1");
    }

    @Test
    void faultEventsThatDoNotApplyDoNothing() {
        Simulation sim = new Simulation(1, fixedLatency(1_000));
        sim.addNode(1, TimerNode::new);
        sim.apply(FaultSchedule.of(new FaultEvent.Restart(10, 1), new FaultEvent.Crash(20, 1),
                new FaultEvent.Crash(30, 1), new FaultEvent.Pause(40, 1, 1_000), new FaultEvent.Heal(50),
                new FaultEvent.Crash(60, 99), new FaultEvent.HealAll(70)));
        sim.runUntil(100);
        assertThat(sim.isUp(1)).isTrue();
        assertThat(sim.incarnation(1)).isEqualTo(2);
    }
}
