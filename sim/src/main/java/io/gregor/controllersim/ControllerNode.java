package io.gregor.controllersim;

import io.gregor.common.Invariant;
import io.gregor.controller.ControllerResult;
import io.gregor.controller.DeferredReplies;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.MetadataRecord;
import io.gregor.controller.QuorumController;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.DescribeTopic;
import io.gregor.controllersim.ControllerMessage.DescribeTopicReply;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.env.Timers;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.RaftHost;
import io.gregor.sim.AfterEventEnv;
import java.util.List;
import java.util.Optional;

/**
 * A KRaft controller voter: a {@link RaftNode} whose state machine is a {@link QuorumController}, serving brokers
 * (registration, heartbeats) and admin clients (create, delete, describe topic).
 *
 * <h2>Roles (as the controller package asks)</h2>
 * <ul>
 *   <li><b>activate</b> once raft leads epoch E <em>and</em> the leader-change record of E committed here: raft
 *       delivers commits in order, so every record of earlier epochs was committed and replayed first, and the
 *       committed image is the whole log (Kafka's controller waits for the same);</li>
 *   <li><b>resign</b> as soon as raft no longer leads that epoch (checked after every event, including raft's
 *       own timers and fsync completions through {@link AfterEventEnv}); waiting replies are answered
 *       {@code NotController(definite=false)} since their records may still commit.</li>
 * </ul>
 *
 * <h2>Replies</h2>
 * A reply whose request appended records waits in {@link DeferredReplies} until its offset commits. A describe is
 * a read: the active controller appends a read barrier (a no-op raft record) and answers from the committed image
 * when the barrier commits. Committing it in our epoch proves a majority still followed us after the request
 * arrived, so no newer controller can have committed anything we do not show (a linearizable read through the
 * log; cheaper ReadIndex-style leadership checks need a hook raft does not offer yet).
 *
 * <h2>Snapshots (KIP-630)</h2>
 * With {@link RaftConfig#snapshotIntervalRecords} set, raft snapshots {@link RaftMetadataLog}'s image and trims the
 * log; a restarted node, or a follower that fell behind the leader's log start, restores a snapshot instead of
 * replaying what was trimmed. The controller then takes the snapshot's image as its committed state and everything
 * below its end offset counts as committed ({@code committedUpTo}). A restore only ever happens on a standby (raft
 * never installs a snapshot on its leader), and a standby holds no waiting replies: replies wait only while active
 * and are all answered on resignation. Should a restore ever meet an active controller it resigns first, so every
 * waiting reply is answered {@code NotController(definite=false)} — its records may be in the snapshot or not.
 * A standby that restored activates later like any other: its own leader-change record commits after the snapshot.
 *
 * <p>{@link #tick} runs on a timer every {@link #TICK_INTERVAL_NS}: the active controller fences brokers whose
 * session lapsed.
 */
public final class ControllerNode implements Node, RaftHost {

    /** How often the active controller looks for lapsed broker sessions. */
    public static final long TICK_INTERVAL_NS = 100_000_000L;

    /** A reply waiting for an offset to commit; {@code topicName} set for a describe. */
    private record Waiting(int toNodeId, long requestId, Object reply, String topicName) {
    }

    private final RaftNode raft;
    private final boolean readsWithoutBarrier;
    private final RaftMetadataLog log;
    private final QuorumController controller;
    private final DeferredReplies<Waiting> deferred = new DeferredReplies<>();
    private Env env;
    private int activeEpoch = -1;
    private int leaderChangeCommittedEpoch = -1;
    /** The highest offset delivered as committed (metadata, barrier or leader change). */
    private long committedUpTo = -1;
    private long tickTimer = Timers.NO_TIMER;

    public ControllerNode(RaftConfig config, long sessionTimeoutNs) {
        this(config, sessionTimeoutNs, false);
    }

    /**
     * @param readsWithoutBarrier a bug switch for tests: answer describes at once from the committed image, without
     *     proving leadership first — a deposed controller that has not noticed then serves stale reads
     */
    ControllerNode(RaftConfig config, long sessionTimeoutNs, boolean readsWithoutBarrier) {
        this.readsWithoutBarrier = readsWithoutBarrier;
        this.log = new RaftMetadataLog();
        this.raft = new RaftNode(config, log);
        this.controller = new QuorumController(log, sessionTimeoutNs, config.mutations());
        log.bind(raft, new RaftMetadataLog.Sink() {
            @Override
            public void batchCommitted(long baseOffset, List<MetadataRecord> records) {
                controller.handleCommit(baseOffset, records);
                // what raft snapshots is what the controller holds
                Invariant.check(controller.image().equals(log.image()), "controller image differs from the"
                        + " metadata log's at offset %s", baseOffset + records.size() - 1);
                committed(baseOffset + records.size() - 1);
            }

            @Override
            public void barrierCommitted(long offset) {
                committed(offset);
            }

            @Override
            public void leaderChangeCommitted(long offset, int epoch, int leaderId) {
                if (leaderId == env.nodeId()) {
                    leaderChangeCommittedEpoch = Math.max(leaderChangeCommittedEpoch, epoch);
                }
                committed(offset);
            }

            @Override
            public void snapshotRestored(long endOffset, MetadataImage image, List<MetadataRecord> changes) {
                onSnapshotRestored(endOffset, image);
            }
        });
    }

    @Override
    public RaftNode raft() {
        return raft;
    }

    public QuorumController controller() {
        return controller;
    }

    /** Whether this node is the active controller (of {@link #activeEpoch()}). */
    public boolean isActive() {
        return controller.isActive();
    }

    /** The raft epoch this node is active in, or -1. */
    public int activeEpoch() {
        return activeEpoch;
    }

    @Override
    public void start(Env env) {
        this.env = env;
        raft.start(AfterEventEnv.wrap(env, this::afterEvent));
        tickTimer = env.timers().schedule(TICK_INTERVAL_NS, this::tick);
        afterEvent();
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        if (message instanceof RaftMessage) {
            raft.onMessage(fromNodeId, message);
        } else if (message instanceof ControllerRpc m) {
            onControllerRpc(fromNodeId, m);
        } else if (message instanceof DescribeTopic m) {
            onDescribe(fromNodeId, m);
        }
        afterEvent();
    }

    @Override
    public void onConnection(int peerNodeId, boolean up) {
        raft.onConnection(peerNodeId, up);
        afterEvent();
    }

    private void onControllerRpc(int from, ControllerRpc m) {
        if (!controller.isActive()) {
            env.network().send(from, new NotController(m.requestId(), leaderHint(), true));
            return;
        }
        ControllerResult<?> result = controller.handle(m.request(), now());
        if (result.commitOffset() < 0) {
            env.network().send(from, new ControllerReply(m.requestId(), result.response(), committedUpTo));
        } else {
            deferred.add(result.commitOffset(), new Waiting(from, m.requestId(), result.response(), null));
        }
    }

    private void onDescribe(int from, DescribeTopic m) {
        if (!controller.isActive()) {
            env.network().send(from, new NotController(m.requestId(), leaderHint(), true));
            return;
        }
        if (readsWithoutBarrier) {
            env.network().send(from, new DescribeTopicReply(m.requestId(), m.topicName(),
                    Optional.ofNullable(controller.image().topicByName(m.topicName()))));
            return;
        }
        long barrierOffset = log.appendBarrier();
        deferred.add(barrierOffset, new Waiting(from, m.requestId(), null, m.topicName()));
    }

    private void tick() {
        tickTimer = env.timers().schedule(TICK_INTERVAL_NS, this::tick);
        if (controller.isActive()) {
            ControllerResult<List<Integer>> fenced = controller.tick(now());
            if (!fenced.response().isEmpty()) {
                env.trace().event("controller", "fencing brokers " + fenced.response() + " (session lapsed)");
            }
        }
        afterEvent();
    }

    /** Runs after every event: resign or activate to follow raft's role, then release committed replies. */
    private void afterEvent() {
        if (raft.quorum() == null) {
            return; // halted while starting: the process is about to go
        }
        int epoch = raft.quorum().epoch();
        if (controller.isActive() && !(raft.isLeader() && epoch == activeEpoch)) {
            resign("raft role lost");
        }
        if (!controller.isActive() && raft.isLeader() && leaderChangeCommittedEpoch == epoch) {
            controller.activate(now());
            activeEpoch = epoch;
            env.trace().event("controller", "active in epoch " + epoch + " at committed offset " + committedUpTo);
        }
    }

    /** Stops being active; every waiting reply is answered NOT_CONTROLLER, not definite (it may still commit). */
    private void resign(String reason) {
        env.trace().event("controller", "resign epoch " + activeEpoch + " (" + reason + ")");
        controller.resign();
        activeEpoch = -1;
        for (Waiting w : deferred.failAll()) {
            send(w, new NotController(w.requestId(), leaderHint(), false));
        }
    }

    /** Raft replaced the committed state with a snapshot's: take its image and count every offset below as committed. */
    private void onSnapshotRestored(long endOffset, MetadataImage image) {
        if (controller.isActive()) {
            resign("snapshot restored"); // raft never installs on its leader; never let a snapshot replace pending state
        }
        Invariant.check(deferred.size() == 0, "a standby holds %s waiting replies", deferred.size());
        controller.handleLoadSnapshot(endOffset, image);
        env.trace().event("controller", "loaded snapshot ending at " + endOffset + ": " + image.brokers().size()
                + " brokers, " + image.topics().size() + " topics");
        committed(endOffset - 1);
    }

    private void committed(long offset) {
        committedUpTo = Math.max(committedUpTo, offset);
        for (Waiting w : deferred.completeUpTo(committedUpTo)) {
            if (w.topicName() != null) {
                send(w, new DescribeTopicReply(w.requestId(), w.topicName(),
                        Optional.ofNullable(controller.image().topicByName(w.topicName()))));
            } else {
                send(w, new ControllerReply(w.requestId(), w.reply(), committedUpTo));
            }
        }
    }

    private void send(Waiting w, Object message) {
        env.network().send(w.toNodeId(), message);
    }

    private int leaderHint() {
        int leader = raft.quorum().leaderId();
        return leader == env.nodeId() && !raft.isLeader() ? -1 : leader; // a resigned leader names itself
    }

    private long now() {
        return env.clock().nanoTime();
    }

    @Override
    public String toString() {
        return "ControllerNode[" + raft + (controller.isActive() ? " active@" + activeEpoch : "") + "]";
    }
}
