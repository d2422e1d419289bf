package io.gregor.controller;

import java.util.Objects;

/**
 * @param error NONE, BROKER_ID_NOT_REGISTERED, STALE_BROKER_EPOCH or NOT_CONTROLLER
 * @param isCaughtUp the broker's metadata offset has reached its own registration record
 * @param isFenced whether the broker is fenced after this heartbeat
 * @param shouldShutDown a broker in controlled shutdown may stop now: it leads nothing and is fenced
 */
public record BrokerHeartbeatReply(Errors error, boolean isCaughtUp, boolean isFenced, boolean shouldShutDown) {

    public BrokerHeartbeatReply {
        Objects.requireNonNull(error, "error");
    }
}
