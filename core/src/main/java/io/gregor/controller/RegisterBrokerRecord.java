package io.gregor.controller;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A broker registered (or re-registered after a restart). Replaces any earlier registration of the same id.
 *
 * @param brokerId the broker's node id, non-negative
 * @param incarnationId a fresh id per broker process start; tells a restart from a duplicate
 * @param brokerEpoch the offset of this record in the metadata log (KIP-631); heartbeats and AlterPartition must
 *     carry it, so requests from an older incarnation are recognised as stale
 * @param endpoints listeners, in the order given
 * @param rack the broker's rack, if configured
 * @param fenced whether the broker starts fenced (a new registration always does)
 */
public record RegisterBrokerRecord(int brokerId, UUID incarnationId, long brokerEpoch,
        List<BrokerEndpoint> endpoints, Optional<String> rack, boolean fenced) implements MetadataRecord {

    public static final short API_KEY = 0;

    public RegisterBrokerRecord {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + brokerId);
        }
        Objects.requireNonNull(incarnationId, "incarnationId");
        if (brokerEpoch < 0) {
            throw new IllegalArgumentException("broker epoch must be non-negative: " + brokerEpoch);
        }
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rack, "rack");
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
