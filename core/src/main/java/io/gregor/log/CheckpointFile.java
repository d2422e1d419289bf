package io.gregor.log;

import io.gregor.env.Disk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A small text file replaced atomically: the new content is written to {@code <name>.tmp}, fsynced, then renamed
 * over {@code <name>} (a rename is durable once it returns). Format, Kafka's plus a CRC line so that a torn or
 * bit-flipped file is detected rather than half-believed:
 *
 * <pre>
 * 0                  version
 * 2                  number of entries
 * 3 0                one entry per line (its meaning is the caller's)
 * 5 120
 * crc 1a2b3c4d       CRC-32C of every byte above, hex
 * </pre>
 *
 * Writing is two steps, {@link #writeTemp} then {@link #commit}, so that the owner can decide at the last moment
 * not to publish a checkpoint that has gone stale while its fsync was in flight.
 */
final class CheckpointFile {

    static final int VERSION = 0;
    /** A checkpoint larger than this is refused on read: it cannot be one of ours. */
    static final int MAX_SIZE_BYTES = 16 * 1024 * 1024;

    private final Disk disk;
    private final String name;
    private final String tempName;

    CheckpointFile(Disk disk, String name) {
        this.disk = disk;
        // interned: the same instance at every call, across a node's restarts, so a disk's name lookups hit at once
        this.name = name.intern();
        this.tempName = (name + ".tmp").intern();
    }

    String name() {
        return name;
    }

    /** What reading found. */
    enum Status {
        OK, MISSING, CORRUPT
    }

    /**
     * @param status whether the file was there and intact
     * @param entries the entry lines when {@code OK}, otherwise empty
     * @param problem for {@code CORRUPT}, what was wrong
     */
    record Content(Status status, List<String> entries, String problem) {
    }

    /** Reads and checks the file. Never throws for bad content; a device error propagates as DiskException. */
    Content read() {
        if (!disk.exists(name)) {
            return new Content(Status.MISSING, List.of(), "");
        }
        long size = disk.size(name);
        if (size > MAX_SIZE_BYTES) {
            return corrupt("size " + size + " bytes exceeds " + MAX_SIZE_BYTES);
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        DiskReads.readFully(disk, name, 0L, bytes);
        bytes.flip();
        String text = StandardCharsets.UTF_8.decode(bytes).toString();
        int crcLine = text.lastIndexOf("crc ");
        if (crcLine < 0 || !text.endsWith("\n")) {
            return corrupt("no trailing crc line");
        }
        String body = text.substring(0, crcLine);
        String storedCrc = text.substring(crcLine + 4, text.length() - 1);
        if (!storedCrc.equals(crcHex(body))) {
            return corrupt("crc " + storedCrc + " does not match content crc " + crcHex(body));
        }
        String[] lines = body.split("\n", -1);
        // body ends with "\n", so the last split element is empty
        if (lines.length < 3 || !lines[lines.length - 1].isEmpty()) {
            return corrupt("too few lines");
        }
        if (!lines[0].equals(Integer.toString(VERSION))) {
            return corrupt("unknown version '" + lines[0] + "'");
        }
        int count;
        try {
            count = Integer.parseInt(lines[1]);
        } catch (NumberFormatException e) {
            return corrupt("bad entry count '" + lines[1] + "'");
        }
        if (count != lines.length - 3) {
            return corrupt("declares " + count + " entries but holds " + (lines.length - 3));
        }
        List<String> entries = new ArrayList<>(count);
        for (int i = 2; i < lines.length - 1; i++) {
            entries.add(lines[i]);
        }
        return new Content(Status.OK, List.copyOf(entries), "");
    }

    /** Writes {@code entries} to the temp file and fsyncs it; {@code done} runs when it is durable (or failed). */
    void writeTemp(List<String> entries, Disk.FsyncCallback done) {
        StringBuilder body = new StringBuilder();
        body.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (String e : entries) {
            if (e.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("checkpoint entry contains a newline: " + e);
            }
            body.append(e).append('\n');
        }
        String text = body + "crc " + crcHex(body.toString()) + "\n";
        disk.delete(tempName);
        disk.write(tempName, 0L, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        disk.fsync(tempName, done);
    }

    /** Publishes the temp file written by {@link #writeTemp}. */
    void commit() {
        disk.rename(tempName, name);
    }

    /** Removes the checkpoint (durable once it returns): recovery then trusts nothing it would have said. */
    void delete() {
        disk.delete(name);
    }

    /** Deletes a leftover temp file from a write a crash interrupted. */
    void deleteTemp() {
        disk.delete(tempName);
    }

    private Content corrupt(String problem) {
        return new Content(Status.CORRUPT, List.of(), problem);
    }

    private static String crcHex(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue()); // %08x, without the formatter (a checkpoint per flush)
        return "00000000".substring(hex.length()) + hex;
    }
}
