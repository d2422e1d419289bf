package io.gregor.sim;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's simulated disk: a page cache over durable bytes per file (see {@link SimFile}), with the crash
 * semantics and device faults of {@link DiskConfig}. One SimDisk belongs to one node id and outlives its crashes;
 * no other node can reach it.
 *
 * <h2>What it guarantees (the model the tests check)</h2>
 * <ul>
 *   <li>Writes, reads, truncates, renames and deletes act on the page cache at once; reads see every write.</li>
 *   <li>Creating (by a first write), renaming and deleting a file are durable at once.</li>
 *   <li>{@code fsync(name, cb)} covers the file's writes and truncates issued before the call. It completes after a
 *       latency drawn from the config, in call order per disk, as an event on the node's loop — never before the
 *       call returns. On success everything it covers is durable.</li>
 *   <li>A crash keeps the durable image and, per file, loses the operations no completed fsync covered — or, with
 *       {@link DiskConfig.CrashMode#KEEP_PREFIX}, keeps a random prefix of them in issue order, the last kept write
 *       possibly torn to a multiple of the torn-write granularity. A pending fsync's callback never runs.</li>
 *   <li>With fault rates on: reads may hit latent sector errors; writes may reach the media corrupted or at the
 *       wrong offset (visible after a crash); an fsync may fail, dropping what it covered from what can become
 *       durable while the page cache still shows it (fsyncgate). Every fault is a trace event in category
 *       {@code disk}.</li>
 * </ul>
 */
public final class SimDisk implements Disk {

    /** The largest file the simulated disk holds: a write past it fails. */
    public static final long MAX_FILE_SIZE_BYTES = 1L << 30;

    private final Simulation sim;
    private final NodeSlot slot;
    private final SimEntropy entropy;
    private final DiskConfig config;
    private DiskFaultRates faults;
    /**
     * The files by name. Never iterated as such (a hash map's order is its hashes'): what needs an order — the
     * listing, a crash's per-file fate, a writeback — sorts the names ({@link #sortedFiles()}), and those are rare
     * beside the reads and writes.
     */
    private final HashMap<String, SimFile> byName = new HashMap<>();
    private long nextOpSeq = 1;
    /** The last operation written before the previous {@link #writeback}. */
    private long writebackMark;
    private long lastFsyncDoneNs;

    /** An fsync in flight: what it covers and whether it will fail (drawn when it was issued). */
    static final class PendingFsync {
        final String name;
        final SimFile file;
        final long upToSeq;
        final FsyncCallback done;
        final boolean fail;

        PendingFsync(String name, SimFile file, long upToSeq, FsyncCallback done, boolean fail) {
            this.name = name;
            this.file = file;
            this.upToSeq = upToSeq;
            this.done = done;
            this.fail = fail;
        }
    }

    SimDisk(Simulation sim, NodeSlot slot, SimEntropy entropy, DiskConfig config) {
        this.sim = sim;
        this.slot = slot;
        this.entropy = entropy;
        this.config = config;
        this.faults = config.faults();
    }

    public DiskConfig config() {
        return config;
    }

    /** The fault rates in force now: the config's unless a fault event replaced them. */
    public DiskFaultRates faults() {
        return faults;
    }

    /** Replaces the fault rates (a {@link FaultEvent.SetDiskFaults} event). */
    public void setFaults(DiskFaultRates rates) {
        this.faults = Objects.requireNonNull(rates, "rates");
    }

    @Override
    public List<String> list() {
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String name) {
        return byName.containsKey(checkName(name));
    }

    @Override
    public long size(String name) {
        return existing(name, "size").cacheSize();
    }

    @Override
    public void write(String name, long position, ByteBuffer src) {
        checkName(name);
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position + " writing " + name);
        }
        int length = src.remaining();
        if (position + length > MAX_FILE_SIZE_BYTES) {
            throw new DiskException("file too large: writing " + name + " up to byte " + (position + length)
                    + " passes the simulated disk's limit of " + MAX_FILE_SIZE_BYTES + " bytes");
        }
        byte[] bytes = new byte[length];
        src.get(bytes);
        SimFile file = byName.get(name);
        if (file == null) {
            file = new SimFile();
            byName.put(name, file);
        }
        if (length == 0) {
            return;
        }
        file.writeCache(position, bytes);
        file.clearBad(position, length, config.sectorSizeBytes());
        byte[] toMedia = bytes;
        long mediaPosition = position;
        if (faults.writeCorruptionRate() > 0 && entropy.chance(faults.writeCorruptionRate())) {
            toMedia = bytes.clone();
            int bit = entropy.nextInt(length * 8);
            toMedia[bit >>> 3] ^= (byte) (1 << (bit & 7));
            fault("write-corruption " + name + " bit " + (position * 8 + bit) + " flips on the media");
        }
        if (faults.misdirectedWriteRate() > 0 && entropy.chance(faults.misdirectedWriteRate())) {
            long shift = (1 + entropy.nextInt(8)) * (long) config.sectorSizeBytes();
            mediaPosition = position >= shift && entropy.chance(0.5) ? position - shift : position + shift;
            if (mediaPosition + length > MAX_FILE_SIZE_BYTES) {
                mediaPosition = position - Math.min(position, shift);
            }
            fault("misdirected-write " + name + " " + length + " bytes for position " + position + " land at "
                    + mediaPosition);
        }
        file.addPending(SimFile.PendingOp.write(nextOpSeq++, mediaPosition, toMedia));
    }

    @Override
    public int read(String name, long position, ByteBuffer dst) {
        SimFile file = existing(name, "read");
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position + " reading " + name);
        }
        if (position >= file.cacheSize()) {
            return -1;
        }
        int length = (int) Math.min(dst.remaining(), file.cacheSize() - position);
        if (length == 0) {
            return 0;
        }
        int sectorSize = config.sectorSizeBytes();
        long bad = file.firstBadSector(position, length, sectorSize);
        if (bad < 0 && faults.readErrorRate() > 0 && !sim.isObserving() && entropy.chance(faults.readErrorRate())) {
            bad = (position + entropy.nextInt(length)) / sectorSize;
            file.markBad(bad);
            fault("latent-sector-error " + name + " sector at byte " + bad * sectorSize);
        }
        if (bad >= 0) {
            throw new DiskException("read error on " + name + ": bad sector at byte " + bad * sectorSize);
        }
        if (dst.hasArray()) {
            file.readCache(position, dst.array(), dst.arrayOffset() + dst.position(), length);
            dst.position(dst.position() + length);
        } else {
            byte[] tmp = new byte[length];
            file.readCache(position, tmp, 0, length);
            dst.put(tmp);
        }
        return length;
    }

    @Override
    public void truncate(String name, long sizeBytes) {
        SimFile file = existing(name, "truncate");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size " + sizeBytes + " truncating " + name);
        }
        if (sizeBytes >= file.cacheSize()) {
            return;
        }
        file.truncateCache(sizeBytes);
        file.addPending(SimFile.PendingOp.truncate(nextOpSeq++, sizeBytes));
    }

    @Override
    public void rename(String from, String to) {
        SimFile file = existing(from, "rename");
        checkName(to);
        if (!from.equals(to)) {
            byName.remove(from);
            byName.put(to, file);
        }
    }

    @Override
    public void delete(String name) {
        byName.remove(checkName(name));
    }

    @Override
    public void fsync(String name, FsyncCallback done) {
        Objects.requireNonNull(done, "done");
        SimFile file = byName.get(checkName(name));
        boolean fail = file != null && faults.fsyncErrorRate() > 0 && entropy.chance(faults.fsyncErrorRate());
        long atNs = Math.max(sim.nowNs() + config.fsyncLatency().draw(entropy), lastFsyncDoneNs);
        lastFsyncDoneNs = atNs;
        sim.scheduleFsync(slot, atNs, new PendingFsync(name, file, nextOpSeq - 1, done, fail));
    }

    /** The fsync's effect at its completion time; returns the error for its callback, or null. */
    DiskException complete(PendingFsync fsync) {
        if (fsync.file == null) {
            return new DiskException("fsync of a missing file: " + fsync.name);
        }
        if (fsync.fail) {
            int dropped = fsync.file.dropPending(fsync.upToSeq);
            fault("fsync-error " + fsync.name + " drops " + dropped + " unsynced operations");
            return new DiskException("fsync failed for " + fsync.name
                    + ": its unsynced writes are lost; recover from what is durable");
        }
        fsync.file.makeDurable(fsync.upToSeq);
        return null;
    }

    /**
     * The operating system writing dirty pages back (Linux's flusher threads): every operation written before the
     * previous writeback reaches the media now, without an fsync — so, called every interval, dirty data older than
     * one to two intervals survives a crash. Returns how many operations became durable.
     */
    public int writeback() {
        int n = 0;
        for (Map.Entry<String, SimFile> entry : sortedFiles()) {
            n += entry.getValue().makeDurable(writebackMark);
        }
        writebackMark = nextOpSeq - 1;
        if (n > 0) {
            sim.trace().event(sim.nowNs(), SimTrace.CRASH_OUTCOME, slot.nodeId, "disk", "writeback of " + n
                    + " operations");
        }
        return n;
    }

    /** The process stopped but the machine did not: everything written so far becomes durable. */
    void persistAll() {
        for (Map.Entry<String, SimFile> entry : sortedFiles()) {
            entry.getValue().makeDurable(nextOpSeq - 1);
        }
        writebackMark = nextOpSeq - 1;
    }

    /** A crash of the node: per file, what was not fsynced is lost or a prefix of it survives, maybe torn. */
    void crash() {
        for (Map.Entry<String, SimFile> entry : sortedFiles()) {
            SimFile file = entry.getValue();
            List<SimFile.PendingOp> pending = file.pending();
            int n = pending.size();
            int keep = 0;
            int tornBytes = 0;
            if (n > 0 && config.crashMode() == DiskConfig.CrashMode.KEEP_PREFIX) {
                keep = entropy.nextInt(n + 1);
                if (keep < n && config.tornWriteGranularityBytes() > 0 && entropy.chance(0.5)) {
                    tornBytes = tearPoint(pending.get(keep));
                }
            }
            if (n > 0) {
                sim.trace().event(sim.nowNs(), SimTrace.CRASH_OUTCOME, slot.nodeId, "disk", "crash " + entry.getKey()
                        + " keeps " + keep + "/" + n + " unsynced operations"
                        + (tornBytes > 0 ? ", then " + tornBytes + " bytes of a torn write" : ""));
            }
            file.crash(keep, tornBytes);
        }
    }

    /** How many leading bytes of a write survive a tear: a granule boundary strictly inside it, or 0 if none. */
    private int tearPoint(SimFile.PendingOp op) {
        if (op.truncate() || op.bytes().length < 2) {
            return 0;
        }
        long granule = config.tornWriteGranularityBytes();
        long start = op.position();
        long end = start + op.bytes().length;
        long first = (start / granule + 1) * granule; // the first boundary after start
        if (first >= end) {
            return 0;
        }
        long boundaries = (end - 1 - first) / granule + 1;
        long cut = first + entropy.nextInt((int) Math.min(Integer.MAX_VALUE, boundaries)) * granule;
        return (int) (cut - start);
    }

    /** The page-cache bytes of a file, for tests and white-box checks. */
    public byte[] contents(String name) {
        return existing(name, "contents").cacheBytes();
    }

    /** The bytes of a file on stable storage: what a crash now would keep at least. */
    public byte[] durableContents(String name) {
        return existing(name, "durableContents").durableBytes();
    }

    /** How many writes and truncates of the file no completed fsync covers yet. */
    public int unsyncedOperations(String name) {
        return existing(name, "unsyncedOperations").pending().size();
    }

    /** Every file, by name in order. */
    private List<Map.Entry<String, SimFile>> sortedFiles() {
        List<Map.Entry<String, SimFile>> all = new ArrayList<>(byName.entrySet());
        all.sort(Map.Entry.comparingByKey());
        return all;
    }

    private void fault(String text) {
        sim.trace().event(sim.nowNs(), SimTrace.DISK_FAULT, slot.nodeId, "disk", text);
    }

    private SimFile existing(String name, String operation) {
        SimFile file = byName.get(checkName(name));
        if (file == null) {
            throw new DiskException(operation + ": no such file " + name);
        }
        return file;
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a file name must not be empty");
        }
        return name;
    }
}
