/**
 * One partition's log: record batches in Kafka's format v2, stored in segments on an {@link io.gregor.env.Disk}.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link io.gregor.log.RecordBatch} — the v2 batch byte for byte, as a flyweight; {@link
 *       io.gregor.log.RecordBatchBuilder} writes one; {@link io.gregor.log.MemoryRecords} is several back to
 *       back.</li>
 *   <li>{@link io.gregor.log.Log} — append (leader and follower paths), read, flush and the recovery point,
 *       truncation, retention, OffsetsForLeaderEpoch. {@link io.gregor.log.LogConfig} holds its limits and
 *       {@link io.gregor.log.LogHealth} says whether it can serve.</li>
 *   <li>{@code LogSegment}, {@code OffsetIndex}, {@code TimeIndex} — the files of one segment:
 *       {@code <20-digit base offset>.log}, {@code .index}, {@code .timeindex}.</li>
 *   <li>{@link io.gregor.log.LeaderEpochCache} — epoch to start offset (KIP-101/279), persisted with the
 *       recovery point by {@code LogCheckpoints} in {@code leader-epoch-checkpoint} and
 *       {@code recovery-point-offset-checkpoint} ({@code CheckpointFile}: temp file, fsync, rename, CRC line).</li>
 *   <li>{@code LogLoader} — recovery after a crash: trust nothing past the recovery point, truncate a torn tail
 *       by CRC, report (never drop) corruption below it.</li>
 *   <li>{@code ProducerStateManager} — idempotent producers (KIP-98): per producer id its epoch and last five
 *       batches ({@link io.gregor.log.ProducerStateEntry}, {@link io.gregor.log.BatchMetadata}); the leader's
 *       checks in {@code ProducerSequenceCheck}, answered by {@link io.gregor.log.Log#tryAppendAsLeader} as a
 *       {@link io.gregor.log.LeaderAppendResult} with an {@link io.gregor.log.AppendError}; snapshots in
 *       {@code <offset>.snapshot} files ({@code ProducerSnapshotFile}), rebuilt at open and after truncation.</li>
 * </ol>
 *
 * <h2>What Gregor's log does not do (yet)</h2>
 * Compression (refused with a clear error), compaction (so offsets are contiguous and gaps are errors),
 * transactions (a producer's transactional or control batch is refused; control records are carried, attribute
 * bits and all, but mean nothing to the log), tiered storage.
 *
 * <h2>A known limit of format v2</h2>
 * The CRC covers neither the base offset nor the partition leader epoch (the leader rewrites both without
 * recomputing it). The log checks offsets for contiguity and epochs against its epoch cache and checkpoint, which
 * catches a flipped bit there in everything durable; in an unsynced tail that survived a crash, a flipped epoch
 * bit that keeps epochs non-decreasing cannot be told from a real epoch.
 */
package io.gregor.log;
