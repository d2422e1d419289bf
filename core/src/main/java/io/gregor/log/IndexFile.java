package io.gregor.log;

import io.gregor.env.Disk;
import java.nio.ByteBuffer;

/**
 * What a segment's two sparse indexes ({@link OffsetIndex}, {@link TimeIndex}) share: a file of fixed-size
 * entries ordered by offset, held in memory and written through, cut back on truncation, emptied before a
 * rebuild, and read back whole (after the size checks every index needs) when a segment is loaded.
 */
abstract class IndexFile {

    final Disk disk;
    final String file;
    final long baseOffset;
    final int maxEntries;
    private final int entrySizeBytes;
    int entries;

    IndexFile(Disk disk, String file, long baseOffset, int maxEntries, int entrySizeBytes) {
        this.disk = disk;
        this.file = file.intern(); // the same instance at every call, across restarts: name lookups hit at once
        this.baseOffset = baseOffset;
        this.maxEntries = maxEntries;
        this.entrySizeBytes = entrySizeBytes;
    }

    /** The offset entry {@code i} refers to. */
    abstract long offset(int i);

    final String file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    /** Offset of the last entry, or {@code -1} when empty. */
    final long lastOffset() {
        return entries == 0 ? -1L : offset(entries - 1);
    }

    /** Drops entries for offsets at or after {@code offset} (their batches were truncated away). */
    final void truncateTo(long offset) {
        int keep = entries;
        while (keep > 0 && offset(keep - 1) >= offset) {
            keep--;
        }
        if (keep != entries) {
            entries = keep;
            disk.truncate(file, (long) entries * entrySizeBytes);
        }
    }

    /** Forgets every entry, in memory and on disk (before a rebuild). */
    final void reset() {
        entries = 0;
        if (disk.exists(file)) {
            disk.truncate(file, 0L);
        } else {
            disk.write(file, 0L, ByteBuffer.allocate(0));
        }
    }

    /** The file's entries as read back, or why the file cannot be used as it is. */
    record Contents(ByteBuffer entries, int count, String problem) {
    }

    /** Reads the whole file after the checks every index needs: present, whole entries, within the limit. */
    final Contents readAll() {
        entries = 0;
        if (!disk.exists(file)) {
            return new Contents(null, 0, "missing");
        }
        long size = disk.size(file);
        if (size % entrySizeBytes != 0) {
            return new Contents(null, 0, "size " + size + " is not a multiple of " + entrySizeBytes);
        }
        if (size / entrySizeBytes > maxEntries) {
            return new Contents(null, 0, "holds " + size / entrySizeBytes + " entries, more than the limit "
                    + maxEntries);
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        if (DiskReads.readFully(disk, file, 0L, bytes) != size) {
            return new Contents(null, 0, "short read");
        }
        bytes.flip();
        return new Contents(bytes, (int) (size / entrySizeBytes), null);
    }
}
