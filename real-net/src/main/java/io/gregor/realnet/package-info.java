/**
 * The same core on real NIO sockets, real files and the real clock. Today: the real disk
 * ({@link io.gregor.realnet.disk.FileDisk}). The Kafka wire protocol adapter and the server come with later issues.
 */
package io.gregor.realnet;
