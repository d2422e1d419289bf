/**
 * A whole Kafka cluster in the simulator: the combined deployment's {@link io.gregor.clustersim.KafkaNode} (a KRaft
 * controller voter, a broker's lifecycle and its {@link io.gregor.broker.ReplicaManager}), the harness
 * {@link io.gregor.clustersim.KafkaCluster} that runs Raft's, the controller's and the data plane's
 * ({@link io.gregor.clustersim.DataPlaneInvariants}) checks after every event.
 */
package io.gregor.clustersim;
