package io.gregor.controller;

import java.util.Objects;

/**
 * @param error NONE, DUPLICATE_BROKER_REGISTRATION or NOT_CONTROLLER
 * @param brokerEpoch the new broker epoch when the error is NONE, otherwise -1
 */
public record BrokerRegistrationReply(Errors error, long brokerEpoch) {

    public BrokerRegistrationReply {
        Objects.requireNonNull(error, "error");
    }
}
