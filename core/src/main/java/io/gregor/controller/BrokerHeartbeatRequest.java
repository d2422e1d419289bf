package io.gregor.controller;

/**
 * A registered broker's periodic heartbeat: keeps its session alive and asks to be unfenced once caught up.
 *
 * @param brokerId the broker
 * @param brokerEpoch the epoch its registration got
 * @param currentMetadataOffset the highest metadata log offset the broker has applied
 * @param wantFence the broker wants to be (or stay) fenced, e.g. while it is still loading its logs
 * @param wantShutDown the broker is stopping and asks for a controlled shutdown: its leaderships move first
 */
public record BrokerHeartbeatRequest(int brokerId, long brokerEpoch, long currentMetadataOffset,
        boolean wantFence, boolean wantShutDown) implements ControllerRequest {

    /** A heartbeat that does not ask to shut down. */
    public BrokerHeartbeatRequest(int brokerId, long brokerEpoch, long currentMetadataOffset, boolean wantFence) {
        this(brokerId, brokerEpoch, currentMetadataOffset, wantFence, false);
    }
}
