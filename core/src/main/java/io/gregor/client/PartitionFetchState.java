package io.gregor.client;

import io.gregor.broker.TopicPartition;
import io.gregor.env.Timers;
import io.gregor.replication.ReplicaMessage;

/**
 * One assigned partition of a {@link Consumer}: its position (Kafka's {@code FetchPosition}: the next offset and
 * the epoch of the last consumed record) and what it is waiting for.
 *
 * <p>Phases: AWAIT_LEADER (metadata has no leader) → VALIDATING (KIP-320: OffsetForLeaderEpoch after a leader
 * change, before any fetch from the new leader) → FETCHING. At most one request is in flight per partition.
 */
final class PartitionFetchState {

    enum Phase { AWAIT_LEADER, VALIDATING, FETCHING }

    final TopicPartition partition;
    /** The next offset to read. */
    long position;
    /** The leader epoch of the batch of the last consumed record; NO_EPOCH before the first. */
    int lastConsumedEpoch = ReplicaMessage.NO_EPOCH;
    Phase phase = Phase.AWAIT_LEADER;
    /** Set by a leader change or a fencing error: validate the position before the next fetch. */
    boolean needsValidation;
    /** The leader (and its epoch) the position was last checked against. */
    int validatedLeaderId = -1;
    int validatedLeaderEpoch = ReplicaMessage.NO_EPOCH;

    long inFlightRequestId;
    long requestTimer = Timers.NO_TIMER;
    long backoffTimer = Timers.NO_TIMER;

    PartitionFetchState(TopicPartition partition) {
        this.partition = partition;
    }

    boolean busy() {
        return inFlightRequestId != 0 || backoffTimer != Timers.NO_TIMER;
    }
}
