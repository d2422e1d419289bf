package io.gregor.histories;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A few figures about a history, for reports: how many events and operations, of which processes, functions
 * and outcomes, over how long.
 *
 * @param events history length (invocations and completions)
 * @param operations invocations (each with its completion, if any)
 * @param clientProcesses distinct client (integer) processes
 * @param otherProcesses distinct other processes (the nemesis...)
 * @param outcomesByF per function, the count of each outcome ({@code ok}, {@code fail}, {@code info}), sorted
 * @param pendingAtEnd invocations the history never completed
 * @param firstTimeNs time of the first event (0 when empty)
 * @param lastTimeNs time of the last event (0 when empty)
 */
public record HistorySummary(int events, int operations, int clientProcesses, int otherProcesses,
        Map<String, Map<String, Long>> outcomesByF, int pendingAtEnd, long firstTimeNs, long lastTimeNs) {

    public HistorySummary {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        outcomesByF.forEach((f, m) -> copy.put(f, java.util.Collections.unmodifiableMap(new TreeMap<>(m))));
        outcomesByF = java.util.Collections.unmodifiableMap(copy);
    }

    /** Summarises {@code history}. */
    public static HistorySummary of(History history) {
        Map<String, Map<String, Long>> byF = new TreeMap<>();
        int pending = 0;
        int operations = 0;
        for (OpPair pair : history.operations()) {
            operations++;
            if (pair.completion() == null) {
                pending++;
            }
            String outcome = pair.completion() == null ? "pending" : pair.completion().type().jepsenName();
            byF.computeIfAbsent(pair.invoke().f(), f -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
        }
        int clients = 0;
        int others = 0;
        for (Object process : history.processes()) {
            if (process instanceof Long) {
                clients++;
            } else {
                others++;
            }
        }
        long first = history.size() == 0 ? 0 : history.get(0).timeNs();
        long last = history.size() == 0 ? 0 : history.get(history.size() - 1).timeNs();
        return new HistorySummary(history.size(), operations, clients, others, byF, pending, first, last);
    }

    /** As plain JSON-friendly data, with Jepsen-style hyphenated names. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", (long) events);
        out.put("operations", (long) operations);
        out.put("client-processes", (long) clientProcesses);
        out.put("other-processes", (long) otherProcesses);
        out.put("pending-at-end", (long) pendingAtEnd);
        out.put("first-time-ns", firstTimeNs);
        out.put("last-time-ns", lastTimeNs);
        out.put("outcomes-by-f", outcomesByF);
        return out;
    }
}
