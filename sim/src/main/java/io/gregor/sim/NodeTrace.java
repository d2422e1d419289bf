package io.gregor.sim;

import io.gregor.env.Trace;

/** One incarnation's {@link Trace}: its events go into the run's hash, and into the lines when they are kept. */
final class NodeTrace implements Trace {

    private final Simulation sim;
    private final NodeSlot slot;
    private final long incarnation;

    NodeTrace(Simulation sim, NodeSlot slot, long incarnation) {
        this.sim = sim;
        this.slot = slot;
        this.incarnation = incarnation;
    }

    @Override
    public void event(String category, String text) {
        if (!slot.isCurrent(incarnation)) {
            return;
        }
        SimTrace trace = sim.trace();
        trace.record(sim.nowNs(), SimTrace.NODE_EVENT, slot.nodeId, category.hashCode() * 31L + text.hashCode());
        if (trace.verbose()) {
            trace.line(sim.nowNs(), slot.nodeId, category, text);
        }
    }

    @Override
    public boolean verbose() {
        return sim.trace().verbose();
    }
}
