package io.gregor.raftsim;

import io.gregor.raft.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tiny key-value store on the quorum: put sets, append concatenates, get reads — every one of them a log
 * record, so a get is linearizable (it is read at its own place in the log, after everything committed before
 * it). Tells a listener the outcome of each record applied, for the server to answer its clients.
 *
 * <p>Snapshots (KIP-630) hold the data and the request ids already applied (so a duplicate after a snapshot is
 * still recognised), in key order: the same state gives the same bytes on every node.
 */
public final class KvStateMachine implements StateMachine {

    /** The outcome of one applied record. */
    interface Listener {
        void applied(long offset, byte[] record, String result);

        void leaderChange(long offset);
    }

    private final Map<String, String> data = new TreeMap<>();
    /** Requests already applied, by client: the network duplicates requests, so a server may append one twice. */
    private final Map<Integer, Set<Long>> appliedRequests = new TreeMap<>();
    private Listener listener;
    private long lastOffset = -1;
    private long commits;

    void listener(Listener value) {
        this.listener = value;
    }

    @Override
    public void onCommit(long offset, byte[] record) {
        checkOrder(offset);
        commits++;
        KvCommand c = KvCommand.decode(record);
        String current = data.getOrDefault(c.key(), "");
        String result;
        boolean first = c.f().equals("get")
                || appliedRequests.computeIfAbsent(c.clientId(), k -> new TreeSet<>()).add(c.requestId());
        switch (first ? c.f() : "duplicate") {
            case "put":
                data.put(c.key(), c.value());
                result = null;
                break;
            case "append":
                data.put(c.key(), current + c.value());
                result = null;
                break;
            case "get":
                result = current;
                break;
            default:
                result = null; // applied once already; its first copy carried the effect
        }
        if (listener != null) {
            listener.applied(offset, record, result);
        }
    }

    @Override
    public void onLeaderChange(long offset, int epoch, int leaderId) {
        checkOrder(offset);
        if (listener != null) {
            listener.leaderChange(offset);
        }
    }

    private void checkOrder(long offset) {
        if (offset <= lastOffset) {
            throw new IllegalStateException("commit at offset " + offset + " after " + lastOffset
                    + ": out of order or twice");
        }
        lastOffset = offset;
    }

    /** The value of {@code key} ("" if never written). */
    public String get(String key) {
        return data.getOrDefault(key, "");
    }

    /** The whole store, for end-of-run comparison. */
    public Map<String, String> data() {
        return new TreeMap<>(data);
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(lastOffset);
            out.writeInt(data.size());
            for (Map.Entry<String, String> e : data.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.writeInt(appliedRequests.size());
            for (Map.Entry<Integer, Set<Long>> e : appliedRequests.entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue().size());
                for (long id : e.getValue()) {
                    out.writeLong(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(long endOffset, byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            long last = in.readLong();
            if (last >= endOffset) {
                throw new IllegalStateException("snapshot of offset " + last + " restored as ending at " + endOffset);
            }
            data.clear();
            appliedRequests.clear();
            for (int i = in.readInt(); i > 0; i--) {
                data.put(readString(in), readString(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                Set<Long> ids = appliedRequests.computeIfAbsent(in.readInt(), k -> new TreeSet<>());
                for (int j = in.readInt(); j > 0; j--) {
                    ids.add(in.readLong());
                }
            }
            lastOffset = endOffset - 1;
        } catch (IOException e) {
            throw new IllegalStateException("not a kv snapshot: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Data records applied in this node lifetime. */
    public long commits() {
        return commits;
    }
}
