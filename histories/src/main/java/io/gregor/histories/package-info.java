/**
 * Histories in Jepsen's model, and what checkers conclude about them.
 *
 * <p>A history is what clients saw: a list of {@link io.gregor.histories.Op} events, each operation an {@code
 * invoke} followed by an {@code ok}, {@code fail} or {@code info} completion from the same process. {@link
 * io.gregor.histories.History} validates and pairs them; {@link io.gregor.histories.Histories} reads and writes
 * files (JSON lines or Jepsen's EDN, recognised from the content). Checkers return a {@link
 * io.gregor.histories.CheckResult}: a {@link io.gregor.histories.Verdict}, the {@link
 * io.gregor.histories.Anomaly}s with the ops that prove them, and details.
 *
 * <p>This module depends on nothing else of Gregor, so it can judge any system's history: a simulated run, a
 * real cluster's, or one Jepsen wrote. Sub-packages: {@code format} (readers and writers), {@code kafka} (the
 * anomalies of Jepsen's Kafka workload), {@code linear} (linearizability), {@code report} (results.json and the
 * HTML timeline).
 */
package io.gregor.histories;
