package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A broker asks to join the cluster (at every process start, with a fresh incarnation id).
 *
 * @param brokerId the broker's configured node id
 * @param incarnationId fresh per process start
 * @param endpoints its listeners
 * @param rack its rack, if configured
 */
public record BrokerRegistrationRequest(int brokerId, UUID incarnationId, List<BrokerEndpoint> endpoints,
        Optional<String> rack) implements ControllerRequest {

    public BrokerRegistrationRequest {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + brokerId);
        }
        Objects.requireNonNull(incarnationId, "incarnationId");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rack, "rack");
    }
}
