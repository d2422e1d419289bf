package io.gregor.env;

/** One-shot timers on the node's event loop. */
public interface Timers {

    /** Value no timer id ever takes: use it for "no timer scheduled". */
    long NO_TIMER = 0L;

    /**
     * Runs {@code onTimer} on the node's event loop no sooner than {@code delayNs} from now.
     *
     * @return an id for {@link #cancel(long)}, never {@link #NO_TIMER}
     */
    long schedule(long delayNs, Runnable onTimer);

    /** Cancels a timer that has not fired yet; cancelling a fired, cancelled or unknown id does nothing. */
    void cancel(long timerId);
}
