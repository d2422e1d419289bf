package io.gregor.workload;

import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.log.Log;
import io.gregor.log.LogConfig;
import io.gregor.log.LogException;
import io.gregor.log.LogHealth;
import io.gregor.log.LogStorageException;
import io.gregor.log.MemoryRecords;
import io.gregor.log.Record;
import io.gregor.log.RecordBatchBuilder;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.workload.LogServiceMessage.AppendRequest;
import io.gregor.workload.LogServiceMessage.AppendResponse;
import io.gregor.workload.LogServiceMessage.Entry;
import io.gregor.workload.LogServiceMessage.ReadRequest;
import io.gregor.workload.LogServiceMessage.ReadResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A single-copy log server: appends values to its own {@link Log} and acknowledges each one only once it is
 * durable (group commit: one flush covers every append waiting for it); serves reads only below the durable
 * point, which is a single copy's high watermark. On a storage failure it halts, as a Kafka broker with one log
 * directory does, and its supervisor restarts it over what the disk kept.
 *
 * <p>Each record's key is the request id and its value the client's value, so after a restart the server
 * rebuilds its table of answered requests from the log and a duplicated request is answered, not appended again.
 */
final class LogServerNode implements Node {

    static final String LOG_DIR = "partition-0";
    /** Bytes of log read per poll, at most. */
    static final int MAX_READ_BYTES = 64 * 1024;
    /** Requests remembered for duplicate detection, at most (the oldest are forgotten). */
    static final int MAX_REMEMBERED_REQUESTS = 100_000;

    private final LogConfig logConfig;
    private final Mutations mutations;
    private final DurabilityLedger ledger;
    private final Runnable halt;
    private final TreeMap<Long, Long> offsetByRequest = new TreeMap<>();
    private final ArrayDeque<PendingAck> waitingForFlush = new ArrayDeque<>();
    private Env env;
    private Log log;
    private boolean flushInFlight;
    private boolean halted;

    private record PendingAck(int client, long requestId, long offset, long value) {
    }

    LogServerNode(LogConfig logConfig, Mutations mutations, DurabilityLedger ledger, Runnable halt) {
        this.logConfig = logConfig;
        this.mutations = mutations;
        this.ledger = ledger;
        this.halt = halt;
    }

    @Override
    public void start(Env env) {
        this.env = env;
        try {
            log = Log.open(env.disk(), LOG_DIR, logConfig, env.clock(), env.trace(), mutations);
            checkRecovered();
            if (log.recoveryPoint() < log.logEndOffset()) {
                // The recovered tail passed its CRC checks but its checkpoint may not have reached the disk:
                // make it durable again before serving it (reads stop at the recovery point).
                flush();
            }
        } catch (LogStorageException e) {
            halt("recovery failed: " + e.getMessage());
        }
    }

    /** The end-of-run check: the same as after a recovery, if this incarnation is serving. */
    void verifyAgainstLedger() {
        if (log != null && !halted && log.health().state() != LogHealth.State.FAILED) {
            checkRecovered();
        }
    }

    /** The white-box check after recovery: every acknowledged value is where it was acknowledged. */
    private void checkRecovered() {
        DurabilityLedger.ServerLedger mine = ledger.server(env.nodeId());
        List<String> indexProblems = log.checkIndexes();
        for (String problem : indexProblems) {
            ledger.violation("n%d index disagrees with a full scan after recovery: %s", env.nodeId(), problem);
        }
        TreeMap<Long, Long> found = new TreeMap<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            MemoryRecords records;
            try {
                records = log.read(offset, MAX_READ_BYTES);
            } catch (LogStorageException e) {
                if (log.health().state() == LogHealth.State.FAILED) {
                    halt("log failed: " + e.getMessage()); // the disk failed under us: restart and check again
                    return;
                }
                ledger.violation("n%d cannot read its recovered log at %d: %s", env.nodeId(), offset, e.getMessage());
                break;
            }
            List<Record> list = records.records();
            if (list.isEmpty()) {
                break;
            }
            for (Record r : list) {
                if (r.offset() != offset) {
                    ledger.violation("n%d recovered log skips from offset %d to %d", env.nodeId(), offset, r.offset());
                }
                long requestId = r.key().getLong(r.key().position());
                long value = r.value().getLong(r.value().position());
                found.put(r.offset(), value);
                offsetByRequest.put(requestId, r.offset());
                if (!mine.appended.contains(value)) {
                    ledger.violation("n%d recovered value %d at offset %d that was never appended", env.nodeId(),
                            value, r.offset());
                }
                offset = r.offset() + 1;
            }
        }
        for (var ack : mine.acknowledged.entrySet()) {
            Long there = found.get(ack.getKey());
            if (there == null || !there.equals(ack.getValue())) {
                ledger.violation("n%d lost acknowledged value %d at offset %d (after recovery it holds %s)",
                        env.nodeId(), ack.getValue(), ack.getKey(), there == null ? "nothing" : there);
            }
        }
        trimRememberedRequests();
        ledger.recoveryChecked();
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (halted) {
            return;
        }
        if (message instanceof AppendRequest r) {
            append(fromNodeId, r);
        } else if (message instanceof ReadRequest r) {
            read(fromNodeId, r);
        }
    }

    private void append(int client, AppendRequest request) {
        Long known = offsetByRequest.get(request.requestId());
        if (known != null) { // a duplicate of a request already appended
            if (known < log.recoveryPoint()) {
                acknowledge(new PendingAck(client, request.requestId(), known, request.value()));
            } // else its acknowledgement is on its way with the flush
            return;
        }
        ByteBuffer key = ByteBuffer.allocate(Long.BYTES).putLong(0, request.requestId());
        ByteBuffer value = ByteBuffer.allocate(Long.BYTES).putLong(0, request.value());
        ByteBuffer batch = new RecordBatchBuilder()
                .append(env.clock().wallMillis(), key, value, List.of())
                .build();
        long offset;
        try {
            offset = log.appendAsLeader(batch, 0).firstOffset();
        } catch (LogStorageException e) {
            halt("append failed: " + e.getMessage());
            return;
        } catch (LogException e) {
            env.network().send(client, new AppendResponse(request.requestId(), -1, e.getMessage()));
            haltIfFailed();
            return;
        }
        ledger.appended(env.nodeId(), request.value());
        offsetByRequest.put(request.requestId(), offset);
        trimRememberedRequests();
        PendingAck ack = new PendingAck(client, request.requestId(), offset, request.value());
        if (mutations.on(Mutation.ACK_BEFORE_FSYNC)) {
            acknowledge(ack); // Mutation.ACK_BEFORE_FSYNC: the promise is made before the data is durable
        } else {
            waitingForFlush.add(ack); // acknowledge only once durable
        }
        flush();
    }

    private void flush() {
        if (flushInFlight) {
            return; // the next flush starts when this one completes (group commit)
        }
        flushInFlight = true;
        try {
            log.flush(this::flushed);
        } catch (LogStorageException e) {
            halt("flush failed: " + e.getMessage());
        }
    }

    private void flushed(long durableOffset, LogStorageException error) {
        flushInFlight = false;
        if (halted) {
            return;
        }
        if (error != null) {
            halt("fsync failed: " + error.getMessage()); // fsyncgate: what was unsynced may be gone
            return;
        }
        while (!waitingForFlush.isEmpty() && waitingForFlush.peekFirst().offset() < durableOffset) {
            acknowledge(waitingForFlush.pollFirst());
        }
        if (!waitingForFlush.isEmpty() || log.recoveryPoint() < log.logEndOffset()) {
            flush();
        }
    }

    private void acknowledge(PendingAck ack) {
        ledger.acknowledged(env.nodeId(), ack.offset(), ack.value());
        env.network().send(ack.client(), new AppendResponse(ack.requestId(), ack.offset(), null));
    }

    private void read(int client, ReadRequest request) {
        // A single copy's high watermark is its durable point: serving past it would let a crash re-assign an
        // offset that a consumer already read.
        long highWatermark = mutations.on(Mutation.READ_UNFLUSHED) ? log.logEndOffset() : log.recoveryPoint();
        if (request.fromOffset() > highWatermark) {
            env.network().send(client, new ReadResponse(request.requestId(), List.of(),
                    "offset " + request.fromOffset() + " is past the end " + highWatermark));
            return;
        }
        List<Entry> entries = new ArrayList<>();
        try {
            MemoryRecords records = log.read(request.fromOffset(), MAX_READ_BYTES, highWatermark);
            for (Record r : records.records()) {
                if (r.offset() >= request.fromOffset() && entries.size() < request.maxEntries()) {
                    entries.add(new Entry(r.offset(), r.value().getLong(r.value().position())));
                }
            }
        } catch (LogException e) { // a failed or corrupt log refuses, an offset out of range is refused
            env.network().send(client, new ReadResponse(request.requestId(), List.of(), e.getMessage()));
            haltIfFailed();
            return;
        }
        env.network().send(client, new ReadResponse(request.requestId(), entries, null));
    }

    private void trimRememberedRequests() {
        while (offsetByRequest.size() > MAX_REMEMBERED_REQUESTS) {
            offsetByRequest.pollFirstEntry();
        }
    }

    /** A log fails on its own when a background checkpoint's fsync fails; the server learns it at the next use. */
    private void haltIfFailed() {
        if (log.health().state() == LogHealth.State.FAILED) {
            halt("log failed: " + log.health().reason());
        }
    }

    private void halt(String why) {
        if (halted) {
            return;
        }
        halted = true;
        env.trace().event("server", "halting: " + why);
        halt.run();
    }
}
