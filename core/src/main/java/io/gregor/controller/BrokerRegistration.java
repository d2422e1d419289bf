package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered broker as the metadata image knows it.
 *
 * @param id the broker id
 * @param epoch the broker epoch: the log offset of its RegisterBrokerRecord
 * @param incarnationId the process incarnation that registered
 * @param endpoints its listeners
 * @param rack its rack, if any
 * @param fenced a fenced broker may not lead nor be added to an ISR
 * @param inControlledShutdown the broker is shutting down cleanly: like a fenced one, it may not lead nor join an
 *     ISR, but it still serves fetches until it has handed its leaderships over
 */
public record BrokerRegistration(int id, long epoch, UUID incarnationId, List<BrokerEndpoint> endpoints,
        Optional<String> rack, boolean fenced, boolean inControlledShutdown) {

    public BrokerRegistration {
        Objects.requireNonNull(incarnationId, "incarnationId");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rack, "rack");
    }

    static BrokerRegistration from(RegisterBrokerRecord r) {
        return new BrokerRegistration(r.brokerId(), r.brokerEpoch(), r.incarnationId(), r.endpoints(), r.rack(),
                r.fenced(), false);
    }

    BrokerRegistration withFenced(boolean newFenced) {
        return new BrokerRegistration(id, epoch, incarnationId, endpoints, rack, newFenced, inControlledShutdown);
    }

    BrokerRegistration withControlledShutdown() {
        return new BrokerRegistration(id, epoch, incarnationId, endpoints, rack, fenced, true);
    }

    /** May lead a partition and be added to an ISR. */
    public boolean isEligible() {
        return !fenced && !inControlledShutdown;
    }
}
