package io.gregor.sim;

import io.gregor.env.Timers;
import java.util.Objects;

/**
 * One incarnation's timers: entries in the simulator's event queue. A crash makes every one of them stale (they are
 * dropped when they come up), and a view held by a crashed incarnation schedules nothing.
 */
final class SimTimers implements Timers {

    private final Simulation sim;
    private final NodeSlot slot;
    private final long incarnation;

    SimTimers(Simulation sim, NodeSlot slot, long incarnation) {
        this.sim = sim;
        this.slot = slot;
        this.incarnation = incarnation;
    }

    @Override
    public long schedule(long delayNs, Runnable onTimer) {
        Objects.requireNonNull(onTimer, "onTimer");
        if (delayNs < 0) {
            throw new IllegalArgumentException("timer delay must be >= 0: " + delayNs);
        }
        if (!slot.isCurrent(incarnation)) {
            return Long.MIN_VALUE; // a dead incarnation's timer: never fires, cancelling it does nothing
        }
        return sim.scheduleTimer(slot, sim.nowNs() + slot.clock.virtualDelayNs(delayNs), onTimer);
    }

    @Override
    public void cancel(long timerId) {
        if (timerId != NO_TIMER && slot.isCurrent(incarnation)) {
            sim.cancelTimer(slot, timerId);
        }
    }
}
