/**
 * The foundation's main job: single-copy logs served over the simulated network, written and read by a Jepsen-style
 * client, under crashes, torn writes, lost fsyncs and partitions. The client records a history in Jepsen's Kafka
 * encoding (one key per log server), checked by the histories module's Kafka checker, and the job checks the
 * durability invariants white-box after every recovery. Later issues replace the single-copy servers with the
 * replicated cluster.
 */
package io.gregor.workload;
