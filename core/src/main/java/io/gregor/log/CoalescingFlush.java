package io.gregor.log;

import java.util.function.BooleanSupplier;

/**
 * One flush of a log at a time, for an owner that asks after every append (a leader counting only durable offsets):
 * a request while a flush runs is remembered, and one more flush covering every append since starts when the running
 * one completes — if the owner still wants it then.
 */
public final class CoalescingFlush {

    private final Log log;
    private final Log.FlushCallback onDone;
    private final BooleanSupplier stillWanted;
    private boolean flushing;
    private boolean again;

    /**
     * @param onDone runs after each flush completes, before a coalesced one starts
     * @param stillWanted asked before starting a coalesced flush (a leader that stepped down needs none)
     */
    public CoalescingFlush(Log log, Log.FlushCallback onDone, BooleanSupplier stillWanted) {
        this.log = log;
        this.onDone = onDone;
        this.stillWanted = stillWanted;
    }

    /** Flushes now, or once the running flush completes. */
    public void request() {
        if (flushing) {
            again = true;
            return;
        }
        flushing = true;
        log.flush((durableOffset, error) -> {
            flushing = false;
            onDone.flushed(durableOffset, error);
            if (again && stillWanted.getAsBoolean()) {
                again = false;
                request();
            }
        });
    }
}
