package io.gregor.raft;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The durable {@link ElectionState}: the file {@code quorum-state}, one text line
 * {@code epoch=E leaderId=L votedId=V crc=C} (CRC-32C of the part before {@code crc=}). A write goes to
 * {@code quorum-state.tmp}, is fsynced, then renamed over the file (rename is atomic and durable), so a crash leaves
 * either the old or the new state, never a torn one. Writes are done one at a time in order; each caller is told
 * when its state is durable — a vote reply waits for that (KIP-595).
 */
public final class QuorumStateStore {

    public static final String FILE = "quorum-state";
    private static final String TEMP = FILE + ".tmp";
    /** Writes queued behind the one in flight; more means the node is changing state faster than the disk. */
    public static final int MAX_PENDING_WRITES = 1024;

    private record Pending(ElectionState state, Runnable onDurable) {
    }

    private final Disk disk;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean writing;
    private ElectionState durable;
    private Consumer<String> failureHandler = reason -> {
        throw new IllegalStateException(reason);
    };

    private QuorumStateStore(Disk disk, ElectionState durable) {
        this.disk = disk;
        this.durable = durable;
    }

    /**
     * Opens the store, reading the durable state ({@link ElectionState#INITIAL} when there is none).
     *
     * @throws IllegalStateException if the file is present but fails its checksum or does not parse
     */
    public static QuorumStateStore open(Disk disk) {
        disk.delete(TEMP);
        if (!disk.exists(FILE)) {
            return new QuorumStateStore(disk, ElectionState.INITIAL);
        }
        int size = (int) disk.size(FILE);
        ByteBuffer buf = ByteBuffer.allocate(size);
        while (buf.hasRemaining() && disk.read(FILE, buf.position(), buf) > 0) {
            // read until full
        }
        return new QuorumStateStore(disk, parse(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)));
    }

    static String format(ElectionState s) {
        String body = "epoch=" + s.epoch() + " leaderId=" + s.leaderId() + " votedId=" + s.votedId();
        return body + " crc=" + crc(body) + "\n";
    }

    static ElectionState parse(String text) {
        String line = text.strip();
        int at = line.lastIndexOf(" crc=");
        if (at < 0) {
            throw new IllegalStateException("quorum-state is corrupt (no crc): '" + line + "'");
        }
        String body = line.substring(0, at);
        if (!line.substring(at + 5).equals(Long.toString(crc(body)))) {
            throw new IllegalStateException("quorum-state is corrupt (crc mismatch): '" + line + "'");
        }
        String[] parts = body.split(" ");
        try {
            return new ElectionState(value(parts, 0, "epoch"), value(parts, 1, "leaderId"), value(parts, 2,
                    "votedId"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("quorum-state does not parse: '" + line + "'", e);
        }
    }

    private static int value(String[] parts, int i, String name) {
        if (parts.length != 3 || !parts[i].startsWith(name + "=")) {
            throw new IllegalArgumentException("missing " + name);
        }
        return Integer.parseInt(parts[i].substring(name.length() + 1));
    }

    private static long crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The state as it is on stable storage now. */
    public ElectionState durable() {
        return durable;
    }

    /** Whether a write is in flight or queued. */
    public boolean busy() {
        return writing || !pending.isEmpty();
    }

    /** Persists {@code state}; {@code onDurable} runs on a later disk completion once it is durable. */
    public void write(ElectionState state, Runnable onDurable) {
        if (pending.size() >= MAX_PENDING_WRITES) {
            throw new IllegalStateException("quorum-state has " + pending.size() + " writes queued");
        }
        pending.add(new Pending(state, onDurable));
        if (!writing) {
            startNext();
        }
    }

    private void startNext() {
        Pending next = pending.poll();
        if (next == null) {
            writing = false;
            return;
        }
        writing = true;
        byte[] bytes = format(next.state()).getBytes(StandardCharsets.UTF_8);
        disk.write(TEMP, 0, ByteBuffer.wrap(bytes));
        disk.truncate(TEMP, bytes.length);
        disk.fsync(TEMP, error -> onSynced(next, error));
    }

    /**
     * What happens when a write fails (its fsync reports an error): by default an exception; a {@link RaftNode}
     * halts instead.
     */
    public void onFailure(Consumer<String> handler) {
        this.failureHandler = handler;
    }

    private void onSynced(Pending p, DiskException error) {
        if (error != null) {
            // fsyncgate: the temp file's content is unknown; the old state stays in force, the node must not act
            writing = false;
            pending.clear();
            failureHandler.accept("quorum-state fsync failed: " + error.getMessage());
            return;
        }
        disk.rename(TEMP, FILE);
        durable = p.state();
        startNext();
        if (p.onDurable() != null) {
            p.onDurable().run();
        }
    }
}
