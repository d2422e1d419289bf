package io.gregor.workload;

import java.util.List;

/**
 * The job client's settings.
 *
 * @param serverIds the log servers; each is one key of the history
 * @param processes how many logical client processes run at once
 * @param requestTimeoutNs an operation not answered in this time completes as {@code info}
 * @param thinkTimeNs mean pause between a process's operations
 * @param sendFraction share of operations that are sends (the rest are polls)
 * @param maxPollEntries at most this many entries per poll
 */
public record ClientConfig(List<Integer> serverIds, int processes, long requestTimeoutNs, long thinkTimeNs,
        double sendFraction, int maxPollEntries) {

    public ClientConfig {
        serverIds = List.copyOf(serverIds);
        if (serverIds.isEmpty() || processes < 1 || requestTimeoutNs <= 0 || thinkTimeNs < 0 || maxPollEntries < 1) {
            throw new IllegalArgumentException("bad client config");
        }
    }
}
