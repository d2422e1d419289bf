package io.gregor.controller;

/**
 * A request the controller serves. {@link QuorumController#handle} dispatches on the type, so a transport (the
 * simulator's network, or the real-net adapter) needs one entry point; a test keeps every permitted type handled.
 */
public sealed interface ControllerRequest permits BrokerRegistrationRequest, BrokerHeartbeatRequest,
        CreateTopicsRequest, DeleteTopicsRequest, AlterPartitionRequest {
}
