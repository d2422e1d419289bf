/**
 * The KRaft quorum ({@code io.gregor.raft}) proven in the simulator.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link io.gregor.raftsim.RaftCluster} — voters {@code 1..n} as {@link io.gregor.raftsim.KvServerNode}s in a
 *       {@link io.gregor.sim.Simulation}, driven step by step; after every event
 *       {@link io.gregor.raftsim.RaftInvariants} checks the safety properties (one leader and one vote per epoch,
 *       monotonic durable epochs and high watermarks, a durable majority under the high watermark, committed
 *       batches identical everywhere, leader completeness, durable votes, no appends after resigning,
 *       check-quorum).</li>
 *   <li>{@link io.gregor.raftsim.KvStateMachine}, {@link io.gregor.raftsim.KvServerNode},
 *       {@link io.gregor.raftsim.KvClientNode} — a key-value store on the quorum whose every operation, reads
 *       included, goes through the log; the clients record a Jepsen history for the {@code kv} model.</li>
 *   <li>{@link io.gregor.raftsim.RaftSwarm} — one seeded run: swarm options drawn from the seed, the nemesis until
 *       the heal, liveness after it (a leader advances the high watermark within a bound), log matching, and the
 *       linearizability check of the history. {@code Spec.withSnapshots(n)} runs it with KIP-630 snapshots every
 *       {@code n} offsets on small, trimmed log segments, so lagging and restarted voters catch up by
 *       FetchSnapshot ({@code RaftSnapshotTest}); {@code Spec.withObservers(n)} adds non-voting replicas
 *       ({@code RaftObserverTest}).</li>
 *   <li>{@link io.gregor.raftsim.Kip996Job} — KIP-996's partial-connectivity topology: the stability measure of
 *       pre-vote, which no safety check can see.</li>
 * </ol>
 *
 * <p>Bug switches ({@code RAFT_*} in {@link io.gregor.mutation.Mutation}) are proven findable by
 * {@code RaftMutationTest}: a sweep from seed 1 finds each within its recorded budget, and the failing seed passes
 * without the switch.
 */
package io.gregor.raftsim;
