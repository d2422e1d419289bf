package io.gregor.raftsim;

import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.raft.NotLeaderException;
import io.gregor.raft.RaftConfig;
import io.gregor.raft.RaftMessage;
import io.gregor.raft.RaftNode;
import io.gregor.raftsim.KvMessage.KvRequest;
import io.gregor.raftsim.KvMessage.KvResponse;
import io.gregor.raftsim.KvMessage.Status;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A voter serving key-value clients: a {@link RaftNode} plus a {@link KvStateMachine}. The leader appends each
 * request as a record and answers when that offset is committed — OK if the committed record is the one it
 * appended, FAILED if another record took the offset (its entry was truncated by a newer leader).
 */
public final class KvServerNode implements Node, RaftHost {

    /** Requests appended but not yet resolved; more are refused as FAILED (back-pressure). */
    public static final int MAX_PENDING = 1024;

    private record Pending(int clientId, long requestId, byte[] record) {
    }

    /** Sees every message a server receives, before it is handled (the simulator's white-box checks). */
    @FunctionalInterface
    public interface Observer {
        void received(int toNodeId, int fromNodeId, Object message);
    }

    private final RaftNode raft;
    private final Observer observer;
    private final KvStateMachine stateMachine;
    private final Map<Long, Pending> pending = new TreeMap<>();
    private Env env;

    public KvServerNode(RaftConfig config) {
        this(config, (to, from, message) -> { });
    }

    public KvServerNode(RaftConfig config, Observer observer) {
        this.observer = observer;
        this.stateMachine = new KvStateMachine();
        this.raft = new RaftNode(config, stateMachine);
        stateMachine.listener(new KvStateMachine.Listener() {
            @Override
            public void applied(long offset, byte[] record, String result) {
                resolve(offset, record, result);
            }

            @Override
            public void leaderChange(long offset) {
                resolve(offset, null, null);
            }
        });
    }

    public RaftNode raft() {
        return raft;
    }

    public KvStateMachine stateMachine() {
        return stateMachine;
    }

    @Override
    public void start(Env env) {
        this.env = env;
        raft.start(env);
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        observer.received(env.nodeId(), fromNodeId, message);
        if (message instanceof RaftMessage) {
            raft.onMessage(fromNodeId, message);
        } else if (message instanceof KvRequest r) {
            onRequest(fromNodeId, r);
        }
    }

    private void onRequest(int from, KvRequest r) {
        if (pending.size() >= MAX_PENDING) {
            env.network().send(from, new KvResponse(r.requestId(), Status.FAILED, null, -1));
            return;
        }
        byte[] record = new KvCommand(from, r.requestId(), r.f(), r.key(), r.value()).encode();
        try {
            long offset = raft.append(record);
            pending.put(offset, new Pending(from, r.requestId(), record));
        } catch (NotLeaderException e) {
            env.network().send(from, new KvResponse(r.requestId(), Status.NOT_LEADER, null, e.leaderId()));
        }
    }

    private void resolve(long offset, byte[] record, String result) {
        Pending p = pending.remove(offset);
        if (p == null) {
            return;
        }
        boolean ours = record != null && Arrays.equals(record, p.record());
        env.network().send(p.clientId(), new KvResponse(p.requestId(), ours ? Status.OK : Status.FAILED, result, -1));
    }
}
