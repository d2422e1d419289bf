package io.gregor.controller;

import io.gregor.mutation.Mutations;
import io.gregor.common.Invariant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The KRaft controller as a pure, single-threaded state machine over a {@link MetadataLog}.
 *
 * <p>Two images: the <em>committed</em> image ({@link #image()}) changes only when the log reports a batch
 * committed, and is what a broker replaying the log would see; the <em>pending</em> image ({@link
 * #pendingImage()}) is the committed image plus the batches this active controller has appended but not yet seen
 * committed. Requests are validated against the pending image — otherwise two CreateTopics for one name arriving
 * before the first commits would both succeed. Each request returns a {@link ControllerResult} whose reply may be
 * sent once {@link #isCommitted}{@code (result.commitOffset())}.
 *
 * <p>Roles: a controller starts as a standby (replaying commits; every request is answered NOT_CONTROLLER),
 * becomes active with {@link #activate} when its quorum node becomes leader and has replayed the log, and goes
 * back with {@link #resign} when it loses leadership — dropping the pending image, since its uncommitted tail may
 * be truncated.
 *
 * <p>Time is passed in ({@code nowNs}); {@link #tick} fences brokers whose session lapsed and {@link
 * #nextDeadlineNs} says when the next one will.
 */
public final class QuorumController implements MetadataLog.Listener {

    /** Kafka's default broker.session.timeout.ms (9 s). */
    public static final long DEFAULT_SESSION_TIMEOUT_NS = 9_000_000_000L;

    private record PendingBatch(long baseOffset, long lastOffset, List<MetadataRecord> records) {
    }

    private final MetadataLog log;
    private final ClusterControl cluster;
    private final Mutations mutations;
    private final ArrayDeque<PendingBatch> uncommitted = new ArrayDeque<>();
    private MetadataImage committed = MetadataImage.EMPTY;
    private MetadataImage pending = MetadataImage.EMPTY;
    /** The offset after the last committed record. */
    private long committedEndOffset;
    private boolean active;

    public QuorumController(MetadataLog log, long sessionTimeoutNs) {
        this(log, sessionTimeoutNs, Mutations.none());
    }

    /** A controller with bug switches on (the simulator and the tests only). */
    public QuorumController(MetadataLog log, long sessionTimeoutNs, Mutations mutations) {
        this.log = log;
        this.mutations = mutations;
        this.cluster = new ClusterControl(sessionTimeoutNs, mutations);
    }

    public boolean isActive() {
        return active;
    }

    /** The image of every committed record: what brokers see. */
    public MetadataImage image() {
        return committed;
    }

    /** The committed image plus this active controller's uncommitted batches. */
    public MetadataImage pendingImage() {
        return pending;
    }

    /** The offset of the last committed record, or -1 when none is. */
    public long committedOffset() {
        return committedEndOffset - 1;
    }

    /** Whether a reply waiting for {@code commitOffset} may be sent (always, for -1). */
    public boolean isCommitted(long commitOffset) {
        return commitOffset <= committedOffset();
    }

    /**
     * Becomes the active controller. Call when this node leads the quorum and every record written in earlier
     * epochs has been committed and passed to {@link #handleCommit}, so the committed image is the whole log.
     */
    public void activate(long nowNs) {
        Invariant.check(!active, "controller activated twice");
        Invariant.check(log.endOffset() >= committedEndOffset, "log end %s behind committed end %s",
                log.endOffset(), committedEndOffset);
        active = true;
        pending = committed;
        uncommitted.clear();
        cluster.activate(committed, nowNs);
    }

    /** Stops being active (leadership lost): the uncommitted tail may be truncated, so forget it. */
    public void resign() {
        active = false;
        pending = committed;
        uncommitted.clear();
    }

    /**
     * Replaces the committed image with a snapshot (the records of {@link MetadataImage#toRecords()}) covering the
     * log up to {@code snapshotEndOffset} (exclusive); the log then delivers commits from there. Only a standby
     * loads snapshots.
     */
    public void handleLoadSnapshot(long snapshotEndOffset, List<MetadataRecord> records) {
        handleLoadSnapshot(snapshotEndOffset, MetadataImage.EMPTY.applyAll(records));
    }

    /**
     * Replaces the committed image with {@code image}, a snapshot's (see {@link MetadataSnapshot}) covering the log
     * below {@code snapshotEndOffset}; the log then delivers commits from there. Only a standby loads snapshots (a
     * quorum never installs one on its leader): an active controller's pending batches are records it appended
     * itself, which a snapshot from elsewhere would silently replace.
     */
    public void handleLoadSnapshot(long snapshotEndOffset, MetadataImage image) {
        Invariant.check(!active, "the active controller cannot load a snapshot");
        Invariant.check(snapshotEndOffset >= committedEndOffset, "snapshot ending at %s is older than offset %s",
                snapshotEndOffset, committedEndOffset - 1);
        committed = image;
        pending = committed;
        committedEndOffset = snapshotEndOffset;
    }

    @Override
    public void handleCommit(long baseOffset, List<MetadataRecord> records) {
        Invariant.check(baseOffset >= committedEndOffset, "batch at %s committed after offset %s", baseOffset,
                committedEndOffset - 1);
        committed = committed.applyAll(records);
        committedEndOffset = baseOffset + records.size();
        if (!active) {
            pending = committed;
            return;
        }
        PendingBatch head = uncommitted.poll();
        Invariant.check(head != null && head.baseOffset() == baseOffset && head.records().equals(records),
                "active controller saw a batch at %s it did not append (expected %s)", baseOffset, head);
        if (uncommitted.isEmpty()) {
            // Determinism: replaying what we appended gives exactly the image we validated against.
            Invariant.check(pending.equals(committed), "pending image differs from committed image at offset %s",
                    committedEndOffset - 1);
        }
    }

    /**
     * Serves any request: the one entry point for a transport. The reply type follows the request: {@link
     * BrokerRegistrationReply}, {@link BrokerHeartbeatReply}, {@code List<CreateTopicResult>}, {@code
     * List<DeleteTopicResult>} or {@link AlterPartitionResponse}.
     */
    public ControllerResult<?> handle(ControllerRequest request, long nowNs) {
        if (request instanceof BrokerRegistrationRequest r) {
            return registerBroker(r, nowNs);
        } else if (request instanceof BrokerHeartbeatRequest r) {
            return heartbeat(r, nowNs);
        } else if (request instanceof CreateTopicsRequest r) {
            return createTopics(r.topics(), nowNs);
        } else if (request instanceof DeleteTopicsRequest r) {
            return deleteTopics(r.topicNames(), nowNs);
        } else if (request instanceof AlterPartitionRequest r) {
            return alterPartition(r, nowNs);
        }
        throw new IllegalArgumentException("no handler for " + request.getClass().getSimpleName());
    }

    public ControllerResult<BrokerRegistrationReply> registerBroker(BrokerRegistrationRequest request, long nowNs) {
        if (!active) {
            return ControllerResult.of(new BrokerRegistrationReply(Errors.NOT_CONTROLLER, -1));
        }
        return append(cluster.registerBroker(pending, request, log.endOffset(), nowNs));
    }

    public ControllerResult<BrokerHeartbeatReply> heartbeat(BrokerHeartbeatRequest request, long nowNs) {
        if (!active) {
            return ControllerResult.of(new BrokerHeartbeatReply(Errors.NOT_CONTROLLER, false, true, false));
        }
        return append(cluster.heartbeat(pending, committed, request, log.endOffset(), nowNs));
    }

    public ControllerResult<List<CreateTopicResult>> createTopics(List<CreatableTopic> topics, long nowNs) {
        if (!active) {
            List<CreateTopicResult> out = new ArrayList<>();
            for (CreatableTopic t : topics) {
                out.add(CreateTopicResult.failed(t.name(), Errors.NOT_CONTROLLER, "this node is not the controller"));
            }
            return ControllerResult.of(out);
        }
        return append(ReplicationControl.createTopics(pending, topics, log.endOffset()));
    }

    public ControllerResult<List<DeleteTopicResult>> deleteTopics(List<String> names, long nowNs) {
        if (!active) {
            List<DeleteTopicResult> out = new ArrayList<>();
            for (String name : names) {
                out.add(new DeleteTopicResult(name, Errors.NOT_CONTROLLER));
            }
            return ControllerResult.of(out);
        }
        return append(ReplicationControl.deleteTopics(pending, names, log.endOffset()));
    }

    public ControllerResult<AlterPartitionResponse> alterPartition(AlterPartitionRequest request, long nowNs) {
        if (!active) {
            return ControllerResult.of(AlterPartitionResponse.failed(Errors.NOT_CONTROLLER));
        }
        return append(ReplicationControl.alterPartition(pending, request, log.endOffset(), mutations));
    }

    /**
     * Fences every unfenced broker whose session lapsed by {@code nowNs}, in id order, in one batch.
     *
     * @return the fenced broker ids as the reply
     */
    public ControllerResult<List<Integer>> tick(long nowNs) {
        if (!active) {
            return ControllerResult.of(List.of());
        }
        List<Integer> expired = cluster.expiredBrokers(pending, nowNs);
        List<MetadataRecord> records = new ArrayList<>();
        MetadataImage working = pending;
        for (int brokerId : expired) {
            List<MetadataRecord> fence = cluster.fenceRecords(working, brokerId);
            working = working.applyAll(fence);
            records.addAll(fence);
        }
        long commitOffset = records.isEmpty() ? -1 : log.endOffset() + records.size() - 1;
        return append(new ControllerResult<>(records, List.copyOf(expired), commitOffset));
    }

    /** When {@link #tick} next has work: the earliest session expiry, or {@link Long#MAX_VALUE}. */
    public long nextDeadlineNs() {
        return active ? cluster.nextSessionExpiryNs(pending) : Long.MAX_VALUE;
    }

    private <T> ControllerResult<T> append(ControllerResult<T> result) {
        if (result.records().isEmpty()) {
            if (uncommitted.isEmpty()) {
                return result;
            }
            // judged against uncommitted state: the reply must not leave before that state commits
            return new ControllerResult<>(List.of(), result.response(), uncommitted.peekLast().lastOffset());
        }
        long baseOffset = log.endOffset();
        long lastOffset = log.append(result.records());
        Invariant.check(lastOffset == result.commitOffset(), "log put the batch at %s..%s, expected ..%s",
                baseOffset, lastOffset, result.commitOffset());
        pending = pending.applyAll(result.records());
        pending.checkInvariants();
        uncommitted.add(new PendingBatch(baseOffset, lastOffset, result.records()));
        return result;
    }
}
