package io.gregor.log;

/**
 * Whether the log can serve reads and take appends. A log leaves {@link State#HEALTHY} in two ways, and neither
 * is silent:
 * <ul>
 *   <li>{@link State#CORRUPT}: a batch below the recovery point (acknowledged durable) failed its length, CRC or
 *       offset checks. The prefix below {@link #fromOffset()} is still served; reads at or past it and all appends
 *       throw {@link LogStorageException}. Only an explicit {@code truncateTo(offset <= fromOffset)} or
 *       {@code truncateFullyAndStartAt} — a decision by the replication layer to refetch — clears it.</li>
 *   <li>{@link State#FAILED}: the disk reported an error (a failed write or fsync: after a failed fsync unsynced
 *       data must be presumed lost). Everything is refused; the node should restart and recover from disk.</li>
 * </ul>
 *
 * @param state the state
 * @param fromOffset for {@code CORRUPT}, the first offset that cannot be served; otherwise {@code -1}
 * @param reason one line: what was found, for the error a caller reports
 */
public record LogHealth(State state, long fromOffset, String reason) {

    /** The three states. */
    public enum State {
        HEALTHY, CORRUPT, FAILED
    }

    public static final LogHealth HEALTHY = new LogHealth(State.HEALTHY, -1L, "");

    public static LogHealth corrupt(long fromOffset, String reason) {
        return new LogHealth(State.CORRUPT, fromOffset, reason);
    }

    public static LogHealth failed(String reason) {
        return new LogHealth(State.FAILED, -1L, reason);
    }

    public boolean isHealthy() {
        return state == State.HEALTHY;
    }
}
