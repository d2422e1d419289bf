package io.gregor.env;

/**
 * Time as a node sees it. Read it once per event and pass {@code nowNs} down (time is a value).
 */
public interface Clock {

    /** Monotonic nanoseconds for timeouts and deadlines. Never goes backwards; its origin is arbitrary. */
    long nanoTime();

    /**
     * Wall-clock milliseconds since the Unix epoch, for record timestamps and time-based retention. May be skewed,
     * may drift and may jump; never use it for timeouts.
     */
    long wallMillis();
}
