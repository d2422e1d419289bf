package io.gregor.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active controller's soft state about broker sessions: when each broker was last heard from. Not in the
 * log — a new active controller starts every known broker's session afresh ({@link #reset}), which errs on the
 * side of not fencing a live broker.
 *
 * <p>A session is valid while {@code nowNs < lastContactNs + sessionTimeoutNs}.
 */
final class BrokerHeartbeatManager {

    private final long sessionTimeoutNs;
    private final TreeMap<Integer, Long> lastContactNs = new TreeMap<>();

    BrokerHeartbeatManager(long sessionTimeoutNs) {
        if (sessionTimeoutNs <= 0) {
            throw new IllegalArgumentException("session timeout must be positive: " + sessionTimeoutNs + " ns");
        }
        this.sessionTimeoutNs = sessionTimeoutNs;
    }

    long sessionTimeoutNs() {
        return sessionTimeoutNs;
    }

    void touch(int brokerId, long nowNs) {
        lastContactNs.put(brokerId, nowNs);
    }

    boolean hasValidSession(int brokerId, long nowNs) {
        Long last = lastContactNs.get(brokerId);
        return last != null && nowNs < last + sessionTimeoutNs;
    }

    /** Among {@code brokerIds}, those whose session has expired at {@code nowNs}, ascending. */
    List<Integer> expired(List<Integer> brokerIds, long nowNs) {
        List<Integer> out = new ArrayList<>();
        for (int id : brokerIds) {
            if (!hasValidSession(id, nowNs)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The earliest session expiry among {@code brokerIds}, or {@link Long#MAX_VALUE} if none has a session. */
    long nextExpiryNs(List<Integer> brokerIds) {
        long next = Long.MAX_VALUE;
        for (int id : brokerIds) {
            Long last = lastContactNs.get(id);
            if (last != null) {
                next = Math.min(next, last + sessionTimeoutNs);
            }
        }
        return next;
    }

    /** Forgets every session and starts one at {@code nowNs} for each of {@code brokerIds}. */
    void reset(Iterable<Integer> brokerIds, long nowNs) {
        lastContactNs.clear();
        for (int id : brokerIds) {
            lastContactNs.put(id, nowNs);
        }
    }

    /** Broker id to last contact, for tests and traces. */
    Map<Integer, Long> lastContacts() {
        return java.util.Collections.unmodifiableMap(lastContactNs);
    }
}
