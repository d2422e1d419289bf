package io.gregor.sim;

import io.gregor.env.DiskException;

/**
 * What each kind of event does when it comes up: the one place where a node is called. Events of a crashed
 * incarnation are dropped here, events of a paused node are held (re-queued at the pause's end, in the order they
 * came up), and everything that reaches a node is recorded in the trace first. An entry goes back to the pool
 * before the node runs, so whatever the node schedules can reuse it.
 */
final class EventDispatcher {

    private final Simulation sim;
    private final EventQueue queue;
    private final SimTrace trace;
    private final SimNetwork network;

    EventDispatcher(Simulation sim, EventQueue queue, SimTrace trace, SimNetwork network) {
        this.sim = sim;
        this.queue = queue;
        this.trace = trace;
        this.network = network;
    }

    void dispatch(Event e) {
        int kind = e.kind;
        if (kind == Event.CALLBACK) {
            Runnable action = (Runnable) e.payload;
            queue.release(e);
            trace.record(sim.nowNs(), Event.CALLBACK, SimTrace.NO_NODE, 0);
            action.run();
            return;
        }
        if (kind == Event.FAULT) {
            FaultEvent fault = (FaultEvent) e.payload;
            queue.release(e);
            FaultApplier.apply(sim, fault);
            return;
        }
        NodeSlot slot = e.target;
        if (!slot.isCurrent(e.incarnation)) {
            queue.release(e); // an event of a crashed incarnation: it must never reach the next one
            return;
        }
        if (slot.pausedUntilNs > sim.nowNs()) {
            queue.push(e, slot.pausedUntilNs); // held; re-queued in pop order, so order is kept
            return;
        }
        int nodeId = slot.nodeId;
        if (kind == Event.MESSAGE) {
            int from = e.peerNodeId;
            Object message = e.payload;
            NodeSlot sender = sim.slotOrNull(from);
            boolean live = network.stillConnected(sender, slot, e.generation);
            queue.release(e);
            if (!live) {
                trace.drop(sim.nowNs(), from, nodeId, message, "connection-broken");
                return;
            }
            trace.record(sim.nowNs(), Event.MESSAGE, nodeId, trace.fingerprint(message) + from);
            if (trace.verbose()) {
                trace.line(sim.nowNs(), nodeId, "net", "recv from n" + from + " " + message);
            }
            if (slot.node != null) {
                slot.node.onMessage(from, message);
            }
        } else if (kind == Event.TIMER) {
            Runnable onTimer = (Runnable) e.payload;
            queue.release(e);
            trace.record(sim.nowNs(), Event.TIMER, nodeId, 0);
            if (trace.verbose()) {
                trace.line(sim.nowNs(), nodeId, "timer", "fire");
            }
            onTimer.run();
        } else if (kind == Event.FSYNC) {
            SimDisk.PendingFsync fsync = (SimDisk.PendingFsync) e.payload;
            queue.release(e);
            DiskException error = slot.disk.complete(fsync);
            trace.record(sim.nowNs(), Event.FSYNC, nodeId, fsync.name.hashCode() + (error == null ? 0 : 1));
            if (trace.verbose()) {
                trace.line(sim.nowNs(), nodeId, "disk", "fsync " + fsync.name + (error == null ? " ok" : " failed"));
            }
            fsync.done.done(error);
        } else if (kind == Event.CONNECTION) {
            int peer = e.peerNodeId;
            boolean up = e.up;
            queue.release(e);
            trace.record(sim.nowNs(), Event.CONNECTION, nodeId, up ? peer : ~peer);
            if (trace.verbose()) {
                trace.line(sim.nowNs(), nodeId, "conn", (up ? "up n" : "down n") + peer);
            }
            if (slot.node != null) {
                slot.node.onConnection(peer, up);
            }
        } else {
            throw new IllegalStateException("unknown event kind " + kind);
        }
    }
}
