package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.common.InvariantViolation;
import io.gregor.env.Env;
import io.gregor.env.Timers;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The kernel: virtual time, ordering, timers, running. */
class SimulationKernelTest {

    @Test
    void eventsAtTheSameInstantRunInTheOrderTheyWereScheduled() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        List<String> order = new ArrayList<>();
        sim.schedule(10, () -> order.add("b1"));
        sim.schedule(5, () -> order.add("a"));
        sim.schedule(10, () -> order.add("b2"));
        sim.schedule(10, () -> order.add("b3"));
        assertThat(sim.runUntilQuiescent(Long.MAX_VALUE)).isTrue();
        assertThat(order).containsExactly("a", "b1", "b2", "b3");
        assertThat(sim.nowNs()).isEqualTo(10);
        assertThat(sim.eventsProcessed()).isEqualTo(4);
    }

    @Test
    void runUntilStopsAtItsTimeAndLeavesLaterEventsQueued() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        List<Long> fired = new ArrayList<>();
        for (long t = 100; t <= 500; t += 100) {
            long at = t;
            sim.schedule(t, () -> fired.add(at));
        }
        sim.runUntil(300);
        assertThat(fired).containsExactly(100L, 200L, 300L);
        assertThat(sim.nowNs()).isEqualTo(300);
        sim.runFor(50);
        assertThat(sim.nowNs()).isEqualTo(350);
        assertThat(sim.runUntilQuiescent(400)).isFalse();
        assertThat(sim.step()).isTrue();
        assertThat(sim.step()).isFalse();
        assertThat(fired).containsExactly(100L, 200L, 300L, 400L, 500L);
    }

    @Test
    void schedulingInThePastIsRefused() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        sim.runUntil(1000);
        assertThatThrownBy(() -> sim.schedule(999, () -> { })).isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("in the past");
        assertThatThrownBy(() -> sim.runUntil(10)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void aTimerFiresAfterItsDelayAndACancelledOneNever() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        Env env = sim.envFor(0);
        List<String> fired = new ArrayList<>();
        long a = env.timers().schedule(1_000, () -> fired.add("a@" + sim.nowNs()));
        long b = env.timers().schedule(2_000, () -> fired.add("b@" + sim.nowNs()));
        long c = env.timers().schedule(3_000, () -> fired.add("c@" + sim.nowNs()));
        assertThat(List.of(a, b, c)).doesNotContain(Timers.NO_TIMER).doesNotHaveDuplicates();
        env.timers().cancel(b);
        env.timers().cancel(b); // twice is fine
        env.timers().cancel(Timers.NO_TIMER);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(fired).containsExactly("a@1000", "c@3000");
        env.timers().cancel(a); // after it fired: nothing
    }

    @Test
    void aFiredTimersIdNeverCancelsALaterTimerThatReusesItsEntry() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        Env env = sim.envFor(0);
        long first = env.timers().schedule(10, () -> { });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        List<String> fired = new ArrayList<>();
        long second = env.timers().schedule(10, () -> fired.add("second"));
        assertThat(second).isNotEqualTo(first);
        env.timers().cancel(first);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(fired).containsExactly("second");
    }

    @Test
    void aNodeCannotCancelAnotherNodesTimer() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        List<String> fired = new ArrayList<>();
        long id = sim.envFor(0).timers().schedule(10, () -> fired.add("n0"));
        sim.envFor(1).timers().cancel(id);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(fired).containsExactly("n0");
    }

    @Test
    void aTimerCancellingItselfWhileFiringIsHarmless() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        Env env = sim.envFor(0);
        long[] id = new long[1];
        List<String> fired = new ArrayList<>();
        id[0] = env.timers().schedule(10, () -> {
            env.timers().cancel(id[0]);
            fired.add("fired");
            env.timers().schedule(5, () -> fired.add("next"));
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(fired).containsExactly("fired", "next");
    }

    @Test
    void addingANodeTwiceOrAddressingAMissingNodeIsAClearError() {
        Simulation sim = new Simulation(1, SimConfig.defaults());
        sim.addNode(1, () -> new Recorder(new ArrayList<>()));
        assertThatThrownBy(() -> sim.addNode(1, () -> new Recorder(new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("node 1 was already added");
        assertThatThrownBy(() -> sim.crash(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node 7 in the simulation");
        assertThatThrownBy(() -> sim.addNode(-1, () -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeIdsBeyondTheFastTableWork() {
        Simulation sim = new Simulation(1, SimConfig.defaults().withNetwork(NetworkConfig.defaults()
                .withLatency(LatencyModel.fixed(10))));
        List<String> log = new ArrayList<>();
        sim.addNode(1_000_000, () -> new Recorder(log));
        sim.addNode(3, () -> new Recorder(log));
        sim.envFor(3).network().send(1_000_000, "hi");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(log).contains("n1000000 got hi from n3");
        assertThat(sim.nodeIds()).containsExactly(3, 1_000_000);
    }

    /** Operations on a queue: push at a time, or pop. */
    record QueueOp(boolean push, long timeNs) {
    }

    @TestFactory
    Stream<DynamicTest> theHeapPopsInTimeThenSequenceOrderAndReusesItsEntries() {
        Gen<List<QueueOp>> ops = Gen.listOf(s -> new QueueOp(s.chance(0.6), s.longBetween(0, 20)), 300);
        return Property.forAll("heap order", 100, ops, list -> {
            EventQueue queue = new EventQueue();
            PriorityQueue<long[]> reference = new PriorityQueue<>((x, y) -> x[0] != y[0]
                    ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long seq = 0;
            List<Event> cancellable = new ArrayList<>();
            for (QueueOp op : list) {
                if (op.push()) {
                    Event e = queue.acquire();
                    e.kind = Event.CALLBACK;
                    queue.push(e, op.timeNs());
                    reference.add(new long[] {op.timeNs(), seq++});
                    assertThat(e.seq).isEqualTo(seq - 1);
                    cancellable.add(e);
                } else if (op.timeNs() % 5 == 0 && !cancellable.isEmpty()) {
                    Event victim = cancellable.remove(cancellable.size() - 1);
                    if (victim.heapIndex >= 0) {
                        queue.remove(victim);
                        reference.removeIf(r -> r[1] == victim.seq);
                        queue.release(victim);
                    }
                } else {
                    Event e = queue.poll();
                    long[] expected = reference.poll();
                    if (expected == null) {
                        assertThat(e).isNull();
                    } else {
                        assertThat(new long[] {e.timeNs, e.seq}).containsExactly(expected);
                        cancellable.remove(e);
                        queue.release(e);
                    }
                }
                assertThat(queue.size()).isEqualTo(reference.size());
            }
        });
    }

    @Test
    void entropyForksDependOnSeedAndPurposeOnly() {
        SimEntropy a = new SimEntropy(42);
        SimEntropy b = new SimEntropy(42);
        b.nextLong(); // a draw in the parent does not shift its children
        assertThat(a.fork("node/1").nextLong()).isEqualTo(b.fork("node/1").nextLong());
        assertThat(a.fork("node/1").nextLong()).isNotEqualTo(a.fork("node/2").nextLong());
        assertThat(new SimEntropy(43).fork("node/1").nextLong()).isNotEqualTo(a.fork("node/1").nextLong());
        int[] counts = new int[10];
        SimEntropy r = new SimEntropy(7);
        for (int i = 0; i < 100_000; i++) {
            counts[r.nextInt(10)]++;
            double d = r.nextDouble();
            assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allMatch(c -> c > 9_000 && c < 11_000);
    }
}
