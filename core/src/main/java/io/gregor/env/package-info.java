/**
 * The environment seam: the only way a node reaches time, timers, the network, the disk and randomness.
 *
 * <p>Every node (broker, controller, client) is a single-threaded event handler written against {@link
 * io.gregor.env.Env}. The simulator ({@code sim/}) gives it virtual time, a simulated network and disk and seeded
 * randomness; {@code real-net/} gives it the real clock, NIO sockets and files. The node code is the same.
 *
 * <p>A node's whole life: {@link io.gregor.env.Node#start(Env)}, then messages ({@link
 * io.gregor.env.Node#onMessage(int, Object)}), connection events ({@link io.gregor.env.Node#onConnection(int,
 * boolean)}), timer callbacks ({@link io.gregor.env.Timers}) and fsync completions ({@link io.gregor.env.Disk}).
 * All of them run on the node's one event loop, never concurrently. A crash drops the node object and every
 * pending callback; a restart builds a new node object over the same durable disk.
 */
package io.gregor.env;
