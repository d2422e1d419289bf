package io.gregor.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One file of a {@link SimDisk} — an inode, so it keeps its state through a rename.
 *
 * <p>It holds two images: the page cache (what reads see, changed at once by every write and truncate) and the
 * durable image (what is on stable storage and survives a crash). Between them is the list of pending operations,
 * in issue order, that no completed fsync has made durable yet. A completed fsync moves the operations it covers
 * from the list onto the durable image; a crash keeps a prefix of the list (see {@link DiskConfig.CrashMode}).
 */
final class SimFile {

    private static final byte[] EMPTY = new byte[0];

    /** An unsynced write or truncate. {@code bytes} are what reaches the media (faults may have changed them). */
    record PendingOp(long seq, boolean truncate, long position, byte[] bytes) {

        static PendingOp write(long seq, long position, byte[] bytes) {
            return new PendingOp(seq, false, position, bytes);
        }

        static PendingOp truncate(long seq, long sizeBytes) {
            return new PendingOp(seq, true, sizeBytes, EMPTY);
        }
    }

    private byte[] cache = EMPTY;
    private int cacheSize;
    private byte[] durable = EMPTY;
    private int durableSize;
    private final List<PendingOp> pending = new ArrayList<>();
    /** Latent sector errors: indexes of sectors that fail to read until rewritten. On the media, so they persist. */
    private final TreeSet<Long> badSectors = new TreeSet<>();

    int cacheSize() {
        return cacheSize;
    }

    int durableSize() {
        return durableSize;
    }

    List<PendingOp> pending() {
        return pending;
    }

    void writeCache(long position, byte[] bytes) {
        cache = writeInto(cache, cacheSize, position, bytes, bytes.length);
        cacheSize = Math.max(cacheSize, (int) position + bytes.length);
    }

    void truncateCache(long sizeBytes) {
        cacheSize = (int) Math.min(cacheSize, sizeBytes);
    }

    void readCache(long position, byte[] into, int offset, int length) {
        System.arraycopy(cache, (int) position, into, offset, length);
    }

    /** A copy of the page cache's bytes (tests). */
    byte[] cacheBytes() {
        return Arrays.copyOf(cache, cacheSize);
    }

    /** A copy of the durable bytes (tests). */
    byte[] durableBytes() {
        return Arrays.copyOf(durable, durableSize);
    }

    void addPending(PendingOp op) {
        pending.add(op);
    }

    /** Makes every pending op with {@code seq <= upToSeq} durable, in order; returns how many. */
    int makeDurable(long upToSeq) {
        int n = 0;
        while (n < pending.size() && pending.get(n).seq() <= upToSeq) {
            applyDurable(pending.get(n), -1);
            n++;
        }
        pending.subList(0, n).clear();
        return n;
    }

    /** Forgets every pending op with {@code seq <= upToSeq}: they can never become durable. Returns how many. */
    int dropPending(long upToSeq) {
        int n = 0;
        while (n < pending.size() && pending.get(n).seq() <= upToSeq) {
            n++;
        }
        pending.subList(0, n).clear();
        return n;
    }

    /**
     * A crash: the first {@code keep} pending ops reach the media, then {@code tornBytes} bytes of the next one
     * (a write) if {@code tornBytes > 0}; the rest are lost and the page cache is reloaded from the media.
     */
    void crash(int keep, int tornBytes) {
        for (int i = 0; i < keep; i++) {
            applyDurable(pending.get(i), -1);
        }
        if (tornBytes > 0) {
            applyDurable(pending.get(keep), tornBytes);
        }
        pending.clear();
        cache = Arrays.copyOf(durable, durable.length);
        cacheSize = durableSize;
    }

    private void applyDurable(PendingOp op, int limitBytes) {
        if (op.truncate()) {
            durableSize = (int) Math.min(durableSize, op.position());
            return;
        }
        int length = limitBytes < 0 ? op.bytes().length : limitBytes;
        durable = writeInto(durable, durableSize, op.position(), op.bytes(), length);
        durableSize = Math.max(durableSize, (int) op.position() + length);
    }

    /**
     * Writes {@code length} bytes at {@code position}, zero-filling any gap past {@code size}; may reallocate. Bytes
     * past {@code size} may be stale (left by a truncate), which is why the gap is filled rather than assumed zero.
     */
    private static byte[] writeInto(byte[] image, int size, long position, byte[] bytes, int length) {
        int end = (int) position + length;
        if (end > image.length) {
            long doubled = Math.min(Integer.MAX_VALUE - 8L, image.length * 2L);
            image = Arrays.copyOf(image, (int) Math.max(end, doubled));
        }
        if (position > size) {
            Arrays.fill(image, size, (int) position, (byte) 0);
        }
        System.arraycopy(bytes, 0, image, (int) position, length);
        return image;
    }

    /** Whether any byte in {@code [position, position + length)} lies in a bad sector. */
    long firstBadSector(long position, int length, int sectorSizeBytes) {
        if (badSectors.isEmpty()) {
            return -1;
        }
        Long bad = badSectors.ceiling(position / sectorSizeBytes);
        return bad != null && bad <= (position + length - 1) / sectorSizeBytes ? bad : -1;
    }

    void markBad(long sector) {
        badSectors.add(sector);
    }

    /** A write covering a sector remaps it (as drives do): it reads fine again. */
    void clearBad(long position, int length, int sectorSizeBytes) {
        if (!badSectors.isEmpty() && length > 0) {
            badSectors.subSet(position / sectorSizeBytes, true, (position + length - 1) / sectorSizeBytes, true)
                    .clear();
        }
    }
}
