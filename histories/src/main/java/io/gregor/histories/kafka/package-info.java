/**
 * The checker for Kafka-like logs: the anomalies of Jepsen's Kafka workload (jepsen.tests.kafka).
 *
 * <p>Read in this order: {@link io.gregor.histories.kafka.KafkaChecker} (the model and the passes), {@link
 * io.gregor.histories.kafka.KafkaIndex} (the history as flat arrays of txns, sends and reads), {@link
 * io.gregor.histories.kafka.VersionOrders} (each partition's order from the offsets), then one class per family
 * of anomalies: {@link io.gregor.histories.kafka.LogAnomalies}, {@link io.gregor.histories.kafka.OrderAnomalies},
 * {@link io.gregor.histories.kafka.Unseen}, {@link io.gregor.histories.kafka.DependencyGraph} and {@link
 * io.gregor.histories.kafka.DependencyCycles}. {@link io.gregor.histories.kafka.KafkaCheckerOptions} says which
 * anomalies Kafka's design allows. {@link io.gregor.histories.kafka.KafkaHistoryGenerator} makes histories of a
 * correct log for tests and timing ({@link io.gregor.histories.kafka.KafkaCheckerTiming}).
 */
package io.gregor.histories.kafka;
