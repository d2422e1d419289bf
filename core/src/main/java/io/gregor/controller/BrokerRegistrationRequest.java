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
 * @param previousBrokerEpoch the broker epoch of its last registration if it shut down cleanly (KIP-966: the
 *     broker records it at a clean shutdown), else {@link #NO_PREVIOUS_EPOCH} — an unclean shutdown
 */
public record BrokerRegistrationRequest(int brokerId, UUID incarnationId, List<BrokerEndpoint> endpoints,
        Optional<String> rack, long previousBrokerEpoch) implements ControllerRequest {

    /** No clean shutdown recorded (a first start, or a crash). */
    public static final long NO_PREVIOUS_EPOCH = -1;

    /** A registration after a crash or a first start. */
    public BrokerRegistrationRequest(int brokerId, UUID incarnationId, List<BrokerEndpoint> endpoints,
            Optional<String> rack) {
        this(brokerId, incarnationId, endpoints, rack, NO_PREVIOUS_EPOCH);
    }

    public BrokerRegistrationRequest {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + brokerId);
        }
        Objects.requireNonNull(incarnationId, "incarnationId");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rack, "rack");
    }
}
