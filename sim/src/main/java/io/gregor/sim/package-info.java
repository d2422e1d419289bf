/**
 * The deterministic simulator: Gregor's nodes run in one thread, in virtual time, on a simulated network, disk and
 * clocks, with every source of nondeterminism derived from one run seed, and with the faults a real machine has.
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>{@link io.gregor.sim.Simulation} — the kernel: a queue of events ordered by (time, sequence number), node
 *       lifecycle (start, crash, restart, pause), and the trace.</li>
 *   <li>{@link io.gregor.sim.SimNetwork} — latency, loss, duplication, reordering or FIFO links, partitions
 *       (symmetric and one-way), clogs, connection breaks.</li>
 *   <li>{@link io.gregor.sim.SimDisk} — a page cache over durable bytes per file; crash semantics (unsynced writes
 *       lost, or a prefix kept, the last torn); latent sector errors, corrupted and misdirected writes, fsync errors.
 *       {@link io.gregor.sim.SimClock} — per-node skew, drift and wall-clock jumps.</li>
 *   <li>{@link io.gregor.sim.SimEntropy} — xoshiro256** streams forked by purpose from the run seed.</li>
 *   <li>{@link io.gregor.sim.FaultEvent}, {@link io.gregor.sim.FaultSchedule} — faults as data (shrinkable);
 *       {@link io.gregor.sim.SwarmOptions} — which faults a run enables and how hard (swarm testing), printable as a
 *       replayable option line; {@link io.gregor.sim.Nemesis} — turns options into a schedule that ends healed.</li>
 * </ul>
 *
 * <h2>The trace</h2>
 * Every event feeds a running 64-bit hash ({@link io.gregor.sim.Simulation#traceHash()}, 16 hex digits): same seed,
 * same config, same build ⇒ same hash. With {@link io.gregor.sim.SimConfig#keepTraceLines()} the events are also
 * kept as lines, one per event:
 *
 * <pre>
 * &lt;timeNs&gt; n&lt;node&gt; &lt;category&gt; &lt;text&gt;
 * </pre>
 *
 * {@code timeNs} is virtual time in ns; {@code node} is the node the event happened on, or {@code n-} for events
 * of no node (faults, harness callbacks). Categories written by the simulator:
 * <ul>
 *   <li>{@code net} — {@code recv from n<peer> <message>}, {@code drop to n<peer> (<reason>) <message>} with reason
 *       one of {@code unknown-node node-down partitioned lost connection-broken}, {@code duplicate to n<peer>
 *       <message>};</li>
 *   <li>{@code conn} — {@code up n<peer>}, {@code down n<peer>};</li>
 *   <li>{@code timer} — {@code fire};</li>
 *   <li>{@code disk} — {@code fsync <file> ok|failed}, {@code crash <file> keeps k/n unsynced operations[, then b
 *       bytes of a torn write]}, and one line per injected fault: {@code write-corruption},
 *       {@code misdirected-write}, {@code latent-sector-error}, {@code fsync-error};</li>
 *   <li>{@code node} — {@code start|driver incarnation <i>};</li>
 *   <li>{@code fault} — a {@link io.gregor.sim.FaultEvent} as applied (its record form), {@code crash incarnation
 *       <i>}, {@code pause until <ns>}.</li>
 * </ul>
 * Nodes add their own lines through {@link io.gregor.env.Trace#event(String, String)} with their own categories
 * ({@code raft}, {@code log}, ...). Example:
 *
 * <pre>
 * 1204331 n2 net recv from n1 Ping[round=3]
 * 5000000 n- fault Crash[atNs=5000000, nodeId=2]
 * 5000000 n2 fault crash incarnation 1
 * </pre>
 *
 * <h2>Determinism</h2>
 * Nothing here reads a wall clock, starts a thread or iterates a hash-ordered collection: node ids and file names
 * are kept in {@code TreeMap}s, links in arrays by order of addition. Messages are fingerprinted for the hash by
 * class name and {@code toString()} unless the run supplies a fingerprint function.
 */
package io.gregor.sim;
