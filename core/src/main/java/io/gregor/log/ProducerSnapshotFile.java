package io.gregor.log;

import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A producer-state snapshot file (Kafka's {@code <offset>.snapshot}): every producer's state after replaying the
 * log's batches below {@code offset}, so that opening the log replays only the batches after it.
 *
 * <h2>Name</h2>
 * {@code <dir>/<20-digit offset>.snapshot}, next to the segments.
 *
 * <h2>Format (big-endian)</h2>
 * <pre>
 *  0 version         int16   1
 *  2 crc             uint32  CRC-32C (Castagnoli) of bytes [6, end)
 *  6 offset          int64   the offset in the file name (a file under the wrong name is caught)
 * 14 producerCount   int32
 * 18 producers, ascending by id, each:
 *      producerId    int64
 *      producerEpoch int16
 *      batchCount    int32   1..5
 *      batches, oldest first, each:
 *        lastSequence int32
 *        lastOffset   int64   below the snapshot offset
 *        offsetDelta  int32
 *        timestamp    int64
 * </pre>
 * Unlike Kafka's, which keeps only each producer's last batch, the file holds all five cached batches, so a state
 * loaded from a snapshot is exactly the state a replay of the whole log gives, and a retry of any of the last five
 * batches is still recognised after a restart.
 *
 * <h2>Writing</h2>
 * Written in place (no temp file and rename): the file's existence is durable as soon as it is created, which the
 * {@link ProducerStateManager} relies on as a marker that the log holds producer batches; a torn or lost content
 * fails the CRC and the file is then ignored and deleted, never half-believed. The content becomes durable with
 * the log's next flush.
 */
final class ProducerSnapshotFile {

    static final String SUFFIX = ".snapshot";
    static final short VERSION = 1;
    /** A snapshot larger than this is refused on read: it cannot be one of ours. */
    static final int MAX_SIZE_BYTES = 64 * 1024 * 1024;

    private static final int HEADER_BYTES = 18;
    private static final int CRC_START = 6;
    private static final int PRODUCER_BYTES = 14;
    private static final int BATCH_BYTES = 24;

    private ProducerSnapshotFile() {
    }

    /** What reading a snapshot found: the producers, or why the file cannot be trusted. */
    record Content(TreeMap<Long, ProducerStateEntry> producers, String problem) {
        boolean isValid() {
            return problem == null;
        }
    }

    static String name(String dir, long offset) {
        return dir + "/" + DiskReads.fileStem(offset) + SUFFIX;
    }

    /** The offsets of the snapshot files in {@code dir}, ascending. */
    static List<Long> list(Disk disk, String dir) {
        String prefix = dir + "/";
        List<Long> offsets = new ArrayList<>();
        for (String name : disk.list()) {
            if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                Long offset = LogLoader.baseOf(name.substring(prefix.length()), SUFFIX);
                if (offset != null) {
                    offsets.add(offset);
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    /** Serializes {@code producers} (ascending by id) as the snapshot at {@code offset}. */
    static ByteBuffer encode(long offset, Iterable<ProducerStateEntry> producers) {
        int count = 0;
        int size = HEADER_BYTES;
        for (ProducerStateEntry e : producers) {
            count++;
            size += PRODUCER_BYTES + BATCH_BYTES * e.batches().size();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort(VERSION).putInt(0).putLong(offset).putInt(count);
        for (ProducerStateEntry e : producers) {
            out.putLong(e.producerId()).putShort(e.producerEpoch()).putInt(e.batches().size());
            for (BatchMetadata b : e.batches()) {
                out.putInt(b.lastSequence()).putLong(b.lastOffset()).putInt(b.offsetDelta()).putLong(b.timestamp());
            }
        }
        out.putInt(2, (int) crc(out.array(), CRC_START, size));
        return out.flip();
    }

    /** Writes the snapshot file (to the page cache; the log's next flush makes it durable) and returns its name. */
    static String write(Disk disk, String dir, long offset, Iterable<ProducerStateEntry> producers) {
        String file = name(dir, offset);
        ByteBuffer bytes = encode(offset, producers);
        long size = bytes.remaining();
        // overwrite rather than delete and recreate: the file never stops existing (see "Writing" above)
        disk.write(file, 0L, bytes);
        disk.truncate(file, size);
        return file;
    }

    /** Reads and checks the snapshot at {@code offset}. Bad content is a problem, never an exception. */
    static Content read(Disk disk, String dir, long offset) {
        String file = name(dir, offset);
        long size = disk.size(file);
        if (size > MAX_SIZE_BYTES) {
            return new Content(null, "size " + size + " bytes exceeds " + MAX_SIZE_BYTES);
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        DiskReads.readFully(disk, file, 0L, bytes);
        bytes.flip();
        return decode(offset, bytes);
    }

    /** Parses {@code bytes} as the snapshot at {@code offset}. */
    static Content decode(long offset, ByteBuffer bytes) {
        if (bytes.remaining() < HEADER_BYTES) {
            return new Content(null, bytes.remaining() + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        int start = bytes.position();
        short version = bytes.getShort(start);
        if (version != VERSION) {
            return new Content(null, "unknown version " + version);
        }
        long stored = Integer.toUnsignedLong(bytes.getInt(start + 2));
        byte[] all = new byte[bytes.remaining()];
        bytes.duplicate().get(all);
        long actual = crc(all, CRC_START, all.length);
        if (stored != actual) {
            return new Content(null, String.format(java.util.Locale.ROOT, "crc %08x does not match content crc %08x",
                    stored, actual));
        }
        ByteBuffer in = ByteBuffer.wrap(all, CRC_START, all.length - CRC_START);
        long named = in.getLong();
        if (named != offset) {
            return new Content(null, "holds offset " + named + " but is named " + offset);
        }
        try {
            return new Content(decodeProducers(in, offset), null);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return new Content(null, "bad producer entry: " + e.getMessage());
        }
    }

    private static TreeMap<Long, ProducerStateEntry> decodeProducers(ByteBuffer in, long offset) {
        int count = in.getInt();
        if (count < 0 || (long) count * (PRODUCER_BYTES + BATCH_BYTES) > in.remaining()) {
            throw new IllegalArgumentException("producer count " + count + " does not fit in " + in.remaining()
                    + " bytes");
        }
        TreeMap<Long, ProducerStateEntry> producers = new TreeMap<>();
        long previousId = -1L;
        for (int i = 0; i < count; i++) {
            long id = in.getLong();
            short epoch = in.getShort();
            int batches = in.getInt();
            if (id <= previousId) {
                throw new IllegalArgumentException("producer ids not ascending: " + id + " after " + previousId);
            }
            if (batches < 1 || batches > ProducerStateEntry.NUM_BATCHES_TO_RETAIN) {
                throw new IllegalArgumentException("producer " + id + " has " + batches + " batches");
            }
            List<BatchMetadata> list = new ArrayList<>(batches);
            for (int j = 0; j < batches; j++) {
                list.add(new BatchMetadata(in.getInt(), in.getLong(), in.getInt(), in.getLong()));
            }
            ProducerStateEntry entry = new ProducerStateEntry(id, epoch, list);
            if (entry.lastOffset() >= offset) {
                throw new IllegalArgumentException("producer " + id + " has a batch at " + entry.lastOffset()
                        + ", not below the snapshot offset " + offset);
            }
            producers.put(id, entry);
            previousId = id;
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last producer");
        }
        return producers;
    }

    private static long crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }
}
