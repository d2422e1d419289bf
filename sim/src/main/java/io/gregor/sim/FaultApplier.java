package io.gregor.sim;

/** Turns a {@link FaultEvent} into calls on the simulation, and records it in the trace (category {@code fault}). */
final class FaultApplier {

    private FaultApplier() {
    }

    static void apply(Simulation sim, FaultEvent fault) {
        sim.trace().event(sim.nowNs(), SimTrace.FAULT_APPLIED, SimTrace.NO_NODE, "fault", fault.toString());
        if (fault instanceof FaultEvent.Crash c) {
            if (sim.nodeIds().contains(c.nodeId())) {
                sim.crash(c.nodeId());
            }
        } else if (fault instanceof FaultEvent.Restart r) {
            if (sim.nodeIds().contains(r.nodeId())) {
                sim.restart(r.nodeId());
            }
        } else if (fault instanceof FaultEvent.Pause p) {
            if (sim.nodeIds().contains(p.nodeId())) {
                sim.pause(p.nodeId(), p.durationNs());
            }
        } else if (fault instanceof FaultEvent.Partition p) {
            sim.network().partition(p.from(), p.to(), !p.oneWay());
        } else if (fault instanceof FaultEvent.Heal) {
            sim.network().heal();
        } else if (fault instanceof FaultEvent.Clog c) {
            sim.network().clog(c.fromNodeId(), c.toNodeId(), sim.nowNs() + c.durationNs());
        } else if (fault instanceof FaultEvent.BreakConnection b) {
            sim.network().breakConnection(b.aNodeId(), b.bNodeId());
        } else if (fault instanceof FaultEvent.ClockJump j) {
            if (sim.nodeIds().contains(j.nodeId())) {
                sim.clock(j.nodeId()).jump(j.deltaMs());
            }
        } else if (fault instanceof FaultEvent.SetDiskFaults d) {
            if (sim.nodeIds().contains(d.nodeId())) {
                sim.disk(d.nodeId()).setFaults(d.rates());
            }
        } else if (fault instanceof FaultEvent.HealAll) {
            sim.network().heal();
            sim.network().unclogAll();
            sim.network().endLossAndDuplication();
            for (int nodeId : sim.nodeIds()) {
                sim.disk(nodeId).setFaults(DiskFaultRates.NONE);
                sim.restart(nodeId);
            }
        } else {
            throw new IllegalStateException("unhandled fault event " + fault.getClass().getSimpleName());
        }
    }
}
