package io.gregor.raft;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import io.gregor.env.Trace;
import io.gregor.log.OffsetAndEpoch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The metadata log's snapshot files (KIP-630), next to its segments: {@code <dir>/<endOffset:20>-<epoch:10>.checkpoint},
 * named by the snapshot id — the end offset (every record below it is in the snapshot) and the epoch of the last
 * record it covers. A file is {@code magic:int endOffset:long epoch:int stateLength:int state crc32c:int}, the CRC
 * over everything before it.
 *
 * <p>A snapshot becomes visible only whole and durable: it is written to {@code .part}, fsynced, checked and renamed
 * (a rename is durable once it returns). At open, a file that fails its checks (torn, corrupt, or not matching its
 * name) and any leftover {@code .part} are deleted, so the newest valid snapshot wins and a bad one falls back to an
 * older one or to the log. The newest {@value #RETAINED} are kept.
 */
final class SnapshotStore {

    /** How many snapshots are kept; the log is trimmed only below the oldest, so a bad newest one has a fallback. */
    static final int RETAINED = 2;
    static final String SUFFIX = ".checkpoint";
    static final String PART_SUFFIX = ".part";
    private static final int MAGIC = 0x4b535031; // "KSP1"
    private static final int HEADER_BYTES = 4 + 8 + 4 + 4;
    private static final int TRAILER_BYTES = 4;
    /** A snapshot larger than this is refused (a limit on what one node holds in memory). */
    static final int MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

    private final Disk disk;
    private final String dir;
    private final Trace trace;
    /** The durable, valid snapshots by end offset. */
    private final TreeMap<Long, OffsetAndEpoch> snapshots = new TreeMap<>();
    private boolean writing;

    SnapshotStore(Disk disk, String dir, Trace trace) {
        this.disk = disk;
        this.dir = dir;
        this.trace = trace;
    }

    /**
     * Opens the store: deletes partial and bad files, and returns the newest valid snapshot with its state, or null.
     */
    RaftSnapshot open() {
        RaftSnapshot newest = null;
        List<String> files = new ArrayList<>(disk.list());
        for (String name : files) {
            if (!name.startsWith(dir + "/")) {
                continue;
            }
            if (name.endsWith(SUFFIX + PART_SUFFIX)) {
                disk.delete(name); // a write or a download the crash interrupted
                continue;
            }
            OffsetAndEpoch id = idOf(name);
            if (id == null) {
                continue;
            }
            RaftSnapshot loaded = read(name, id);
            if (loaded == null) {
                trace.event("raft", "snapshot " + name + " is torn or corrupt: deleted");
                disk.delete(name);
                continue;
            }
            snapshots.put(id.endOffset(), id);
            if (newest == null || id.endOffset() > newest.endOffset()) {
                newest = loaded;
            }
        }
        return newest;
    }

    /** The newest durable snapshot's id, or null. */
    OffsetAndEpoch latest() {
        return snapshots.isEmpty() ? null : snapshots.lastEntry().getValue();
    }

    /** The oldest kept snapshot's end offset once {@value #RETAINED} are kept (the log may go below it), else -1. */
    long trimBoundOffset() {
        return snapshots.size() >= RETAINED ? snapshots.firstKey() : -1L;
    }

    boolean writing() {
        return writing;
    }

    /** Writes {@code s} durably (temp, fsync, rename); {@code onDurable} runs once it is visible. One at a time. */
    void write(RaftSnapshot s, Runnable onDurable) {
        if (writing) {
            throw new IllegalStateException("a snapshot write is already in flight");
        }
        writing = true;
        String part = fileName(s.id()) + PART_SUFFIX;
        disk.delete(part);
        disk.write(part, 0, ByteBuffer.wrap(encode(s)));
        disk.fsync(part, error -> {
            writing = false;
            if (error != null) {
                disk.delete(part);
                trace.event("raft", "snapshot " + s.id() + " fsync failed: " + error.getMessage());
                return;
            }
            publish(s.id());
            onDurable.run();
        });
    }

    /** The size in bytes of snapshot {@code id}'s file, or -1 if it is not kept. */
    long sizeBytes(OffsetAndEpoch id) {
        return id.equals(snapshots.get(id.endOffset())) ? disk.size(fileName(id)) : -1L;
    }

    /** Up to {@code maxBytes} of snapshot {@code id}'s file from {@code position}. */
    byte[] readChunk(OffsetAndEpoch id, long position, int maxBytes) {
        long size = sizeBytes(id);
        int length = (int) Math.max(0, Math.min(maxBytes, size - position));
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining() && disk.read(fileName(id), position + buf.position(), buf) >= 0) {
            // read until the chunk is full
        }
        return buf.array();
    }

    /** A downloaded chunk (FetchSnapshot) goes to the id's {@code .part} file. */
    void writeChunk(OffsetAndEpoch id, long position, byte[] bytes) {
        String part = fileName(id) + PART_SUFFIX;
        if (position == 0) {
            disk.delete(part);
        }
        disk.write(part, position, ByteBuffer.wrap(bytes));
    }

    /** Bytes of {@code id}'s download so far. */
    long downloadedBytes(OffsetAndEpoch id) {
        String part = fileName(id) + PART_SUFFIX;
        return disk.exists(part) ? disk.size(part) : 0L;
    }

    /**
     * The download of {@code id} is complete: fsync, check and publish it, then hand the snapshot to
     * {@code onInstalled}, or null if it failed its checks or the disk (the caller fetches again).
     */
    void completeDownload(OffsetAndEpoch id, Consumer<RaftSnapshot> onInstalled) {
        String part = fileName(id) + PART_SUFFIX;
        disk.fsync(part, error -> {
            RaftSnapshot s = error == null ? read(part, id) : null;
            if (s == null) {
                disk.delete(part);
                trace.event("raft", "downloaded snapshot " + id + " is bad: dropped");
            } else {
                publish(id);
            }
            onInstalled.accept(s);
        });
    }

    private void publish(OffsetAndEpoch id) {
        disk.rename(fileName(id) + PART_SUFFIX, fileName(id));
        snapshots.put(id.endOffset(), id);
        trace.event("raft", "snapshot " + id.endOffset() + "-" + id.epoch() + " is durable");
        while (snapshots.size() > RETAINED) {
            OffsetAndEpoch old = snapshots.pollFirstEntry().getValue();
            disk.delete(fileName(old));
        }
    }

    String fileName(OffsetAndEpoch id) {
        return dir + "/" + zeroPadded(id.endOffset(), 20) + "-" + zeroPadded(id.epoch(), 10) + SUFFIX;
    }

    /** The id a snapshot file name carries, or null if it is not one. */
    OffsetAndEpoch idOf(String name) {
        String prefix = dir + "/";
        if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) {
            return null;
        }
        String base = name.substring(prefix.length(), name.length() - SUFFIX.length());
        if (base.length() != 31 || base.charAt(20) != '-') {
            return null;
        }
        try {
            return new OffsetAndEpoch(Integer.parseInt(base.substring(21)), Long.parseLong(base.substring(0, 20)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String zeroPadded(long value, int digits) {
        StringBuilder sb = new StringBuilder(Long.toString(value));
        while (sb.length() < digits) {
            sb.insert(0, '0');
        }
        return sb.toString();
    }

    static byte[] encode(RaftSnapshot s) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + s.state().length + TRAILER_BYTES);
        buf.putInt(MAGIC).putLong(s.endOffset()).putInt(s.epoch()).putInt(s.state().length).put(s.state());
        buf.putInt(crc(buf.array(), buf.position()));
        return buf.array();
    }

    /** The file's snapshot if it is whole, matches its CRC and carries {@code id}; otherwise null. */
    private RaftSnapshot read(String name, OffsetAndEpoch id) {
        try {
            long size = disk.size(name);
            if (size < HEADER_BYTES + TRAILER_BYTES || size > MAX_SNAPSHOT_BYTES) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && disk.read(name, buf.position(), buf) >= 0) {
                // read the whole file
            }
            if (buf.hasRemaining()) {
                return null;
            }
            byte[] bytes = buf.array();
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int magic = in.getInt();
            long endOffset = in.getLong();
            int epoch = in.getInt();
            int length = in.getInt();
            if (magic != MAGIC || endOffset != id.endOffset() || epoch != id.epoch() || length < 0
                    || HEADER_BYTES + (long) length + TRAILER_BYTES != size) {
                return null;
            }
            int stored = ByteBuffer.wrap(bytes, (int) size - TRAILER_BYTES, TRAILER_BYTES).getInt();
            if (stored != crc(bytes, (int) size - TRAILER_BYTES)) {
                return null;
            }
            byte[] state = new byte[length];
            in.get(state);
            return new RaftSnapshot(endOffset, epoch, state);
        } catch (DiskException e) {
            return null; // an unreadable snapshot is a bad one: fall back
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
