/**
 * The linearizability checker: Wing &amp; Gong's search as refined by Lowe, with P-compositionality.
 *
 * <p>Reading order:
 * <ol>
 *   <li>{@link io.gregor.histories.linear.Linearizability} — the entry point: pairs a history into operations,
 *       splits it into independent parts, searches each, and combines the verdicts.</li>
 *   <li>{@link io.gregor.histories.linear.Pairing} and {@link io.gregor.histories.linear.Operation} — an
 *       invocation and its completion as one operation with a call and a return position; {@code info} or a
 *       missing completion returns "at infinity".</li>
 *   <li>{@link io.gregor.histories.linear.Model} — a sequential specification: commands, states, one step
 *       function, and the partition of a history into parts that can be checked alone (Horn &amp; Kroening's
 *       P-compositionality). The models: {@link io.gregor.histories.linear.RegisterModel}, {@link
 *       io.gregor.histories.linear.CasRegisterModel}, {@link io.gregor.histories.linear.KvModel} and {@link
 *       io.gregor.histories.linear.KafkaLogModel}; {@link io.gregor.histories.linear.Models} finds one by name.</li>
 *   <li>{@link io.gregor.histories.linear.LinearizationSearch} — the search over one part: a doubly linked list
 *       of call and return entries, "lift" an operation out when it is linearized and "unlift" it on backtrack,
 *       and a {@link io.gregor.histories.linear.MemoTable} of (linearized set, state) pairs already explored
 *       ({@link io.gregor.histories.linear.LinearizedSet} is the set, hashed incrementally and stored compactly).
 *       Observations go first without branching; indeterminate operations go last.</li>
 *   <li>{@link io.gregor.histories.linear.Counterexample} — for a part that is not linearizable, the longest
 *       linearizable prefix and the operations none of which can follow it.</li>
 *   <li>States as values: {@link io.gregor.histories.linear.KvState} and {@link
 *       io.gregor.histories.linear.LogState} are persistent structures with incremental hashes, so the memo
 *       stores a node per state rather than a copy of a growing string or log.</li>
 *   <li>{@link io.gregor.histories.linear.Budget} — limits on wall time and memo size; past them the verdict is
 *       unknown rather than an out-of-memory error.</li>
 *   <li>{@link io.gregor.histories.linear.HistoryGenerator} and {@link
 *       io.gregor.histories.linear.LinearizabilityBenchMain} — deterministic large histories and the benchmark
 *       that prints operations per second.</li>
 * </ol>
 *
 * <p>The histories module is not under the simulator's determinism rules, but this package keeps its answers
 * reproducible anyway: the same history, model and budget give the same result (unless the wall-time budget
 * runs out, which depends on the machine).
 */
package io.gregor.histories.linear;
