/**
 * The real disk: {@link io.gregor.env.Disk} over {@link java.nio.channels.FileChannel}s in one folder. Page-cache
 * operations run on the caller's thread (the node's event loop); fsync runs on a helper thread and its completion
 * is posted back to the loop through the executor the loop gives.
 */
package io.gregor.realnet.disk;
