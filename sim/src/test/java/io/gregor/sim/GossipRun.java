package io.gregor.sim;

import java.util.List;

/** Runs the gossip workload on a 5-node cluster under swarm options and a nemesis schedule. */
final class GossipRun {

    static final List<Integer> NODES = List.of(1, 2, 3, 4, 5);
    static final long HEAL_AT_NS = 8_000_000_000L;
    static final long END_NS = 10_000_000_000L;

    private GossipRun() {
    }

    /** All fault kinds on, hard. */
    static SwarmOptions allFaults() {
        return SwarmOptions.parse("--latency=100us..20ms~exp --loss=0.05 --dup=0.05 --reorder --crash-rate=2 "
                + "--pause-rate=2 --partition-rate=1 --clog-rate=2 --break-rate=2 --clock-jump-rate=1 "
                + "--clock-skew=200ms --clock-drift=1000ppm --fsync-latency=1ms..50ms~exp --unsynced=torn "
                + "--read-errors=0.01 --write-corruption=0.001 --misdirected-writes=0.001 --fsync-errors=0.05");
    }

    static Simulation run(long seed, SwarmOptions options, boolean keepLines) {
        Simulation sim = new Simulation(seed, options.applyTo(SimConfig.defaults().withTraceLines(keepLines)));
        for (int id : NODES) {
            sim.addNode(id, () -> new GossipNode(NODES));
        }
        sim.apply(Nemesis.schedule(options, sim.entropy("nemesis"), NODES, 0, HEAL_AT_NS));
        sim.runUntil(END_NS);
        return sim;
    }
}
