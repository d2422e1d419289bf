package io.gregor.log;

import io.gregor.env.Clock;

/** A clock a test moves by hand: the log reads wall time for rolls, retention and log-append time. */
public final class ManualClock implements Clock {

    private long nowMs;

    public ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    public void advanceMs(long ms) {
        nowMs += ms;
    }

    @Override
    public long nanoTime() {
        return nowMs * 1_000_000L;
    }

    @Override
    public long wallMillis() {
        return nowMs;
    }
}
