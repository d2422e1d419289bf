package io.gregor.replication;

import io.gregor.mutation.Mutation;

import io.gregor.env.Trace;
import io.gregor.log.Log;
import io.gregor.log.LogException;
import io.gregor.log.OffsetAndEpoch;
import io.gregor.replication.ReplicaMessage.DivergingEpoch;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;

/**
 * A follower's fetching from its leader for one leader epoch (Kafka's fetcher thread, one partition, as a state
 * machine). One fetch in flight at a time; a new epoch, even of the same leader, gets a new fetcher (KAFKA-7164).
 *
 * <h2>Truncation by epoch (KIP-101, KIP-279, KIP-320)</h2>
 * Every fetch carries the follower's last fetched epoch; the leader answers a {@link DivergingEpoch} when its log
 * leaves ours, and the follower truncates to the smaller of the leader's end of that epoch and its own, never to its
 * high watermark. If the leader's answer names an epoch the follower does not have, the follower truncates to its own
 * end of the largest epoch below and asks again: each round moves down, so it ends.
 *
 * <h2>Durability</h2>
 * With {@code flushOnAppend} the follower fsyncs before each fetch, so the fetch offset the leader counts toward the
 * high watermark is durable here; without it the offset is in the page cache only and replication is what keeps it.
 */
final class FollowerFetcher {

    private final int brokerId;
    private final int leaderId;
    private final int leaderEpoch;
    private final Log log;
    private final ReplicaConfig config;
    private final Trace trace;
    private FetchRequest inFlight;
    private long inFlightSentNs;
    private boolean flushing;
    /** After an error answer, no fetch before this time (0: none pending). */
    private long retryAfterNs;
    /** How long a follower waits after an error answer before fetching again. */
    static final long ERROR_BACKOFF_NS = 100_000_000L;
    /** A bug switch is on that skips divergence validation (the fetches carry no last fetched epoch). */
    private final boolean skipValidation;
    /** Tells the broker a flush completed, so it asks for the fetch that waited on it. */
    private final Runnable wakeup;

    FollowerFetcher(int brokerId, int leaderId, int leaderEpoch, Log log, ReplicaConfig config, Trace trace,
            boolean skipValidation, Runnable wakeup) {
        this.skipValidation = skipValidation;
        this.wakeup = wakeup;
        this.brokerId = brokerId;
        this.leaderId = leaderId;
        this.leaderEpoch = leaderEpoch;
        this.log = log;
        this.config = config;
        this.trace = trace;
    }

    int leaderId() {
        return leaderId;
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    /** When the fetch in flight times out, or the back-off after an error ends, or {@code Long.MAX_VALUE}. */
    long deadlineNs() {
        if (inFlight == null) {
            return retryAfterNs == 0 ? Long.MAX_VALUE : retryAfterNs;
        }
        return inFlightSentNs + config.fetchTimeoutMs() * 1_000_000L;
    }

    /**
     * The next fetch to send to {@link #leaderId()}, or null: no leader, a fetch already in flight (and not timed
     * out), or (with {@code flushOnAppend}) a flush to finish first.
     */
    FetchRequest nextFetchRequest(long nowNs) {
        if (leaderId < 0 || (inFlight != null && nowNs < deadlineNs()) || nowNs < retryAfterNs) {
            return null;
        }
        retryAfterNs = 0;
        if (config.flushOnAppend() && log.recoveryPoint() < log.logEndOffset()) {
            if (!flushing) {
                flushing = true;
                log.flush((durableOffset, error) -> {
                    flushing = false;
                    wakeup.run(); // nothing else may come: an idle follower must not wait for a message forever
                });
            }
            return null;
        }
        // Mutation.REPL_TRUNCATE_TO_HW (KIP-101): pre-KIP-101 followers truncated to their high watermark on becoming
        // follower and sent no last fetched epoch, so the leader never checked for divergence.
        // Mutation.REPL_SAME_LEADER_SKIPS_VALIDATION (KAFKA-7164): a new epoch of the same leader id fetches without
        // the last fetched epoch, skipping validation of what it wrote in between.
        int lastFetchedEpoch = skipValidation ? ReplicaMessage.NO_EPOCH
                : log.latestEpoch().orElse(ReplicaMessage.NO_EPOCH);
        inFlight = new FetchRequest(brokerId, log.logEndOffset(), lastFetchedEpoch, leaderEpoch,
                config.replicaFetchMaxBytes());
        inFlightSentNs = nowNs;
        return inFlight;
    }

    /**
     * The leader's answer to {@code request}; ignored unless it answers the fetch in flight.
     *
     * @param highWatermark the follower's high watermark before
     * @return the follower's high watermark after
     */
    long handleFetchResponse(FetchRequest request, FetchResponse response, long highWatermark, long nowNs) {
        if (inFlight == null || !inFlight.equals(request)) {
            return highWatermark; // stale or duplicated
        }
        inFlight = null;
        if (response.error() == ReplicationErrors.OFFSET_OUT_OF_RANGE) {
            handleOutOfRange(request, response);
            return Math.min(highWatermark, log.logEndOffset());
        }
        if (response.error() != ReplicationErrors.NONE) {
            // fenced, not leader, unknown epoch or partition (the leader's metadata lags ours): back off, then ask
            // again (Kafka's replica.fetch.backoff.ms), instead of asking again at once and spinning
            retryAfterNs = nowNs + ERROR_BACKOFF_NS;
            return highWatermark;
        }
        if (response.divergingEpoch() != null) {
            if (config.mutations().on(Mutation.REPL_HW_BEFORE_TRUNCATION)) {
                // Mutation.REPL_HW_BEFORE_TRUNCATION (KAFKA-14704): take the leader's high watermark first, unclamped
                long taken = Math.max(highWatermark, response.highWatermark());
                truncateToDivergence(response.divergingEpoch(), taken);
                return taken;
            }
            truncateToDivergence(response.divergingEpoch(), highWatermark);
            return Math.min(highWatermark, log.logEndOffset());
        }
        if (response.records().sizeInBytes() > 0) {
            try {
                log.appendAsFollower(response.records().buffer());
            } catch (LogException e) {
                trace.event("replica", log.dir() + " follower append from " + leaderId + " failed: " + e.getMessage());
                return Math.min(highWatermark, log.logEndOffset());
            }
        }
        // KAFKA-14704: the leader's high watermark applies only after any truncation, and never above our log end.
        return Math.min(response.highWatermark(), log.logEndOffset());
    }

    /**
     * KIP-101/279: truncate to where our log and the leader's agree as far as this round can tell.
     */
    private void truncateToDivergence(DivergingEpoch diverging, long highWatermark) {
        long logEndOffset = log.logEndOffset();
        long target;
        boolean complete;
        if (diverging.endOffset() < 0) {
            // the leader knows no epoch at or below ours: Kafka's fallback is the high watermark
            target = highWatermark;
            complete = true;
        } else {
            OffsetAndEpoch ours = log.endOffsetForEpoch(diverging.epoch());
            if (ours.epoch() < 0 || diverging.epoch() < 0) {
                target = diverging.endOffset();
                complete = true;
            } else if (ours.epoch() != diverging.epoch()) {
                // KIP-279: we never had the leader's epoch; cut to the end of our largest epoch below it and ask again
                // Mutation.REPL_KIP279_NO_REVALIDATION: truncate to the leader's end offset in one step instead
                boolean oneStep = config.mutations().on(Mutation.REPL_KIP279_NO_REVALIDATION);
                target = oneStep ? diverging.endOffset() : ours.endOffset();
                complete = oneStep;
            } else {
                target = Math.min(ours.endOffset(), diverging.endOffset());
                complete = true;
            }
        }
        target = Math.min(target, logEndOffset);
        if (target < logEndOffset) {
            log.truncateTo(target);
        }
        trace.event("replica", log.dir() + " follower of " + leaderId + " epoch " + leaderEpoch + " diverged at epoch "
                + diverging.epoch() + " end " + diverging.endOffset() + ": truncated " + logEndOffset + " -> "
                + log.logEndOffset() + (complete ? "" : " (validating again)"));
    }

    /**
     * Our fetch offset is outside the leader's log: below its start (retention) we start over at its start; above
     * its end (only possible after an unclean election) we cut back to its end, as Kafka does.
     */
    private void handleOutOfRange(FetchRequest request, FetchResponse response) {
        if (response.logStartOffset() >= 0 && request.fetchOffset() < response.logStartOffset()) {
            log.truncateFullyAndStartAt(response.logStartOffset());
            trace.event("replica", log.dir() + " fetch offset " + request.fetchOffset() + " below leader's log start "
                    + response.logStartOffset() + ": restarted the log there");
        } else if (response.logEndOffset() >= 0 && request.fetchOffset() > response.logEndOffset()) {
            log.truncateTo(response.logEndOffset());
            trace.event("replica", log.dir() + " fetch offset " + request.fetchOffset() + " above leader's log end "
                    + response.logEndOffset() + ": truncated to it");
        }
    }
}
