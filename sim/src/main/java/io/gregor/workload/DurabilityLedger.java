package io.gregor.workload;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The white-box oracle of the durability job: what each log server appended and what it acknowledged, written
 * by the servers at the moment they act (before any message leaves), so that it knows more than the client.
 * Checked against the recovered log after every restart and at the end of the run.
 */
final class DurabilityLedger {

    /** What one server did. */
    static final class ServerLedger {
        /** Every value ever handed to the log by this server, in any incarnation. */
        final TreeSet<Long> appended = new TreeSet<>();
        /** offset -> value for every append the server acknowledged as durable. */
        final TreeMap<Long, Long> acknowledged = new TreeMap<>();
    }

    private final TreeMap<Integer, ServerLedger> servers = new TreeMap<>();
    private final java.util.LinkedHashSet<String> violations = new java.util.LinkedHashSet<>();
    private long recoveriesChecked;

    ServerLedger server(int nodeId) {
        return servers.computeIfAbsent(nodeId, id -> new ServerLedger());
    }

    void appended(int nodeId, long value) {
        server(nodeId).appended.add(value);
    }

    void acknowledged(int nodeId, long offset, long value) {
        Long previous = server(nodeId).acknowledged.put(offset, value);
        if (previous != null && previous != value) {
            violation("n%d acknowledged offset %d twice, for values %d and %d", nodeId, offset, previous, value);
        }
    }

    void violation(String format, Object... args) {
        if (violations.size() < 100) { // a bounded report, each once: the first ones tell the story
            violations.add(String.format(java.util.Locale.ROOT, format, args));
        }
    }

    void recoveryChecked() {
        recoveriesChecked++;
    }

    long recoveriesChecked() {
        return recoveriesChecked;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }
}
