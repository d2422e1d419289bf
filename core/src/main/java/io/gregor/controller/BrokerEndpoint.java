package io.gregor.controller;

import java.util.Objects;

/**
 * A listener a broker accepts connections on, as it registered it.
 *
 * @param name the listener name (e.g. {@code PLAINTEXT})
 * @param host host name or address
 * @param port TCP port, 0..65535
 * @param securityProtocol Kafka's security protocol id (0 = PLAINTEXT)
 */
public record BrokerEndpoint(String name, String host, int port, short securityProtocol) {

    public BrokerEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("endpoint name must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("endpoint port out of range: " + port);
        }
    }
}
