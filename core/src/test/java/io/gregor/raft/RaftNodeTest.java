package io.gregor.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.raft.RaftMessage.BeginQuorumEpochRequest;
import io.gregor.raft.RaftMessage.EndQuorumEpochRequest;
import io.gregor.raft.RaftMessage.FetchRequest;
import io.gregor.raft.RaftMessage.FetchResponse;
import io.gregor.raft.RaftMessage.VoteRequest;
import io.gregor.raft.RaftMessage.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One voter driven by hand: what it sends, and when, for each message. */
class RaftNodeTest {

    private static final long SECOND = 1_000_000_000L;

    private final TestEnv t = new TestEnv();
    private final List<String> committed = new ArrayList<>();
    private final StateMachine sm = (offset, record) -> committed.add(offset + ":" + new String(record,
            StandardCharsets.UTF_8));

    private RaftNode start(List<Integer> voters) {
        RaftNode node = new RaftNode(RaftConfig.defaults(voters), sm);
        node.start(t.env(1));
        t.completeFsyncs();
        return node;
    }

    @Test
    void aSingleVoterElectsItselfAndCommitsOnFlush() {
        RaftNode node = start(List.of(1));
        t.advance(3 * SECOND);
        assertThat(node.isLeader()).isTrue();
        long offset = node.append("a".getBytes(StandardCharsets.UTF_8));
        assertThat(offset).isEqualTo(1); // offset 0 is the leader-change record
        assertThat(node.highWatermark()).isLessThanOrEqualTo(1); // not durable yet
        t.completeFsyncs();
        assertThat(node.highWatermark()).isEqualTo(2);
        assertThat(committed).containsExactly("1:a");
    }

    @Test
    void aRestartedSingleVoterReplaysItsLogOnce() {
        RaftNode node = start(List.of(1));
        t.advance(3 * SECOND);
        node.append("a".getBytes(StandardCharsets.UTF_8));
        node.append("b".getBytes(StandardCharsets.UTF_8));
        t.completeFsyncs();
        t.disk.crash();
        committed.clear();
        RaftNode again = start(List.of(1));
        assertThat(again.quorum().state()).isInstanceOf(ResignedState.class); // it was the leader: resign first
        t.advance(5 * SECOND);
        assertThat(again.isLeader()).isTrue();
        t.completeFsyncs();
        assertThat(committed).containsExactly("1:a", "2:b");
    }

    @Test
    void aVoteIsRepliedOnlyAfterItIsDurable() {
        RaftNode node = new RaftNode(RaftConfig.defaults(List.of(1, 2, 3)), sm);
        node.start(t.env(1));
        t.completeFsyncs();
        t.sent.clear();
        node.onMessage(2, new VoteRequest(1, 2, 0, 0, false));
        assertThat(t.drain(VoteResponse.class)).isEmpty();
        t.completeFsyncs();
        assertThat(t.drain(VoteResponse.class)).containsExactly(new VoteResponse(1, true, false, -1));
        // one vote per epoch: n3 asks in the same epoch and is refused
        node.onMessage(3, new VoteRequest(1, 3, 0, 0, false));
        t.completeFsyncs();
        assertThat(t.drain(VoteResponse.class)).extracting(VoteResponse::granted).containsExactly(false);
    }

    @Test
    void aVoteIsRefusedToACandidateWithAShorterLog() {
        RaftNode node = start(List.of(1, 2, 3));
        // become a follower of n2 in epoch 1 and receive one record
        node.onMessage(2, new BeginQuorumEpochRequest(1, 2));
        FetchRequest fetch = t.drain(FetchRequest.class).get(0);
        byte[] batch = new io.gregor.log.RecordBatchBuilder().partitionLeaderEpoch(1).append(0L, (byte[]) null,
                "x".getBytes(StandardCharsets.UTF_8)).build().array();
        node.onMessage(2, new FetchResponse(1, 2, FetchResponse.Error.NONE, fetch.requestId(), 0, 0, -1, -1, batch));
        assertThat(node.log().logEndOffset()).isEqualTo(1);
        node.onMessage(3, new VoteRequest(2, 3, 0, 0, false));
        t.completeFsyncs();
        assertThat(t.drain(VoteResponse.class)).extracting(VoteResponse::granted).containsExactly(false);
    }

    @Test
    void aFollowerThatHearsFromItsLeaderRefusesPreVotes() {
        RaftNode node = start(List.of(1, 2, 3));
        node.onMessage(2, new BeginQuorumEpochRequest(1, 2));
        t.sent.clear();
        node.onMessage(3, new VoteRequest(2, 3, 0, 0, true));
        assertThat(t.drain(VoteResponse.class)).containsExactly(new VoteResponse(1, false, true, 2));
        assertThat(node.quorum().epoch()).isEqualTo(1); // a pre-vote never bumps the epoch
        // after EndQuorumEpoch the leader is forgotten: the pre-vote is granted
        node.onMessage(2, new EndQuorumEpochRequest(1, 2, List.of(3, 1)));
        node.onMessage(3, new VoteRequest(2, 3, 0, 0, true));
        assertThat(t.drain(VoteResponse.class)).extracting(VoteResponse::granted).containsExactly(true);
    }

    /**
     * A voter that won its pre-votes, stood in epoch 2 and lost its vote requests stays in epoch 2 and asks for
     * epoch 3; the followers of epoch 1's leader refuse it, and it ignores refusals of an earlier epoch. Unless they
     * catch up with its epoch, nobody moves again: so a pre-vote of a later epoch than the one after ours brings us
     * to the candidate's epoch first (KIP-996: any request of a later epoch does), and is then judged as usual.
     */
    @Test
    void aPreVoteFromALaterEpochBringsAFollowerUpToIt() {
        RaftNode node = start(List.of(1, 2, 3));
        node.onMessage(2, new BeginQuorumEpochRequest(1, 2));
        t.sent.clear();
        node.onMessage(3, new VoteRequest(3, 3, 0, 0, true)); // n3 stands for epoch 3: it is in epoch 2
        assertThat(node.quorum().epoch()).isEqualTo(2);
        assertThat(node.quorum().state()).isInstanceOf(UnattachedState.class);
        assertThat(node.quorum().leaderId()).as("epoch 1's leader is not this epoch's").isEqualTo(-1);
        assertThat(t.drain(VoteResponse.class)).containsExactly(new VoteResponse(2, true, true, -1));
        // a pre-vote for the next epoch only (the candidate in ours) still bumps nothing
        node.onMessage(2, new BeginQuorumEpochRequest(2, 2));
        node.onMessage(3, new VoteRequest(3, 3, 0, 0, true));
        assertThat(node.quorum().epoch()).isEqualTo(2);
        assertThat(t.drain(VoteResponse.class)).containsExactly(new VoteResponse(2, false, true, 2));
    }

    @Test
    void everyMessageTypeIsHandled() {
        RaftNode node = start(List.of(1, 2, 3));
        List<RaftMessage> one = List.of(new VoteRequest(1, 2, 0, 0, true), new VoteResponse(0, false, true, -1),
                new BeginQuorumEpochRequest(1, 2), new EndQuorumEpochRequest(1, 2, List.of(1)),
                new FetchRequest(1, 3, 0, 0, 1), new FetchResponse(1, 2, FetchResponse.Error.NONE, 99, 0, 0, -1, -1,
                        null),
                new RaftMessage.FetchSnapshotRequest(1, 3, 10, 1, 0, 1),
                new RaftMessage.FetchSnapshotResponse(1, 2, FetchResponse.Error.NONE, 98, 10, 1, 5, 0, null));
        assertThat(one).<Object>extracting(m -> m.getClass()).containsExactlyInAnyOrder((Object[])
                RaftMessage.class.getPermittedSubclasses());
        for (RaftMessage m : one) {
            node.onMessage(m instanceof FetchRequest || m instanceof RaftMessage.FetchSnapshotRequest ? 3 : 2, m); // throws "unhandled raft message" if missed
        }
        assertThat(node.quorum().state()).isInstanceOf(FollowerState.class);
    }
}
